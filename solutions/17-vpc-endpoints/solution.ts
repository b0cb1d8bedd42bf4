import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';
import type { IsolatedSubnetGiven, KataContext } from 'aws-basics-dojo';

// Interface endpoints with private DNS for ECR's API and registry and for CloudWatch Logs, behind a
// group that lets HTTPS in from the VPC; S3's gateway endpoint in the subnet's route table.
export default async function solve(ctx: KataContext<IsolatedSubnetGiven>): Promise<void> {
  const { ec2 } = ctx.clients;
  const { vpcId, vpcCidr, subnetId } = ctx.given;

  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'kata-endpoints-sg', Description: 'HTTPS from the VPC to the endpoints' }));
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: vpcCidr }] }] }),
  );

  const endpointIds: string[] = [];
  for (const service of ['ecr.api', 'ecr.dkr', 'logs']) {
    const { VpcEndpoint } = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.${ctx.region}.${service}`,
        SubnetIds: [subnetId],
        SecurityGroupIds: [GroupId!],
        // The service's usual name (api.ecr.<region>.amazonaws.com…) then resolves to the endpoint inside the VPC.
        PrivateDnsEnabled: true,
      }),
    );
    endpointIds.push(VpcEndpoint!.VpcEndpointId!);
  }

  // The subnet has no table of its own: it uses the VPC's main route table.
  const { RouteTables = [] } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }));
  const main = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }));
  const routeTableId = (RouteTables[0] ?? main.RouteTables![0]).RouteTableId!;
  const { VpcEndpoint } = await ec2.send(
    new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${ctx.region}.s3`, RouteTableIds: [routeTableId] }),
  );
  endpointIds.push(VpcEndpoint!.VpcEndpointId!);

  // AWS creates endpoints 'pending'; they carry nothing until 'available'.
  for (let attempt = 0; attempt < 60; attempt++) {
    const { VpcEndpoints = [] } = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: endpointIds }));
    if (VpcEndpoints.every((endpoint) => endpoint.State?.toLowerCase() === 'available')) return;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  throw new Error(`VPC endpoints ${endpointIds.join(', ')} did not become available within 5 minutes`);
}
