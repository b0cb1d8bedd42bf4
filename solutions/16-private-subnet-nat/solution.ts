import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  DescribeRouteTablesCommand,
  waitUntilNatGatewayAvailable,
} from '@aws-sdk/client-ec2';
import type { KataContext, PrivateSubnetNatGiven } from 'aws-basics-dojo';

// A NAT gateway with an Elastic IP in the public subnet (whose route table leads to the internet
// gateway), and 0.0.0.0/0 → the NAT gateway in the route table associated with the private subnet.
export default async function solve(ctx: KataContext<PrivateSubnetNatGiven>): Promise<void> {
  const { ec2 } = ctx.clients;
  const { publicSubnetId, privateSubnetId } = ctx.given;

  const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const { NatGateway } = await ec2.send(
    new CreateNatGatewayCommand({
      SubnetId: publicSubnetId,
      AllocationId,
      TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'Name', Value: 'kata-nat' }] }],
    }),
  );
  const natGatewayId = NatGateway!.NatGatewayId!;
  // AWS creates a NAT gateway 'pending'; it forwards nothing until it is 'available'.
  await waitUntilNatGatewayAvailable({ client: ec2, maxWaitTime: 300 }, { NatGatewayIds: [natGatewayId] });

  // The private subnet has a route table of its own: that one, not the VPC's main table (the public subnet's).
  const { RouteTables = [] } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [privateSubnetId] }] }));
  const privateTableId = RouteTables[0].RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateTableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGatewayId }));
}
