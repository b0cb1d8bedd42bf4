import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
} from '@aws-sdk/client-ec2';
import type { KataContext, SampleTaskGiven } from 'aws-basics-dojo';

// The article's steps: an internet gateway attached to the VPC; a route table associated with the
// subnet; in it, a route 0.0.0.0/0 to the gateway.
export default async function solve(ctx: KataContext<SampleTaskGiven>): Promise<void> {
  const { ec2 } = ctx.clients;
  const { vpcId, subnetId } = ctx.given;

  const { InternetGateway } = await ec2.send(
    new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'kata-igw' }] }] }),
  );
  const internetGatewayId = InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));

  const { RouteTable } = await ec2.send(
    new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'kata-public' }] }] }),
  );
  const routeTableId = RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGatewayId }));
}
