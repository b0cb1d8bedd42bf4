import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  ModifyVpcAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { SampleTaskWorld } from '../kata-types';

/**
 * How the subnet reaches what ECS needs (ECR, S3 for the image layers, CloudWatch Logs):
 * - 'vpc-endpoints': not the internet; interface endpoints in the subnet (ecr.api, ecr.dkr, logs,
 *   with a group allowing HTTPS from the VPC) and S3's gateway endpoint in the main route table;
 * - 'internet': an internet gateway attached to the VPC and a route 0.0.0.0/0 to it in the main
 *   route table (a public subnet: a task with a public IP reaches everything over the internet).
 */
export type SampleTaskReach = 'vpc-endpoints' | 'internet';

/** The network half of the sample's world. */
export type SampleVpc = Pick<SampleTaskWorld, 'vpcId' | 'vpcCidr' | 'subnetId' | 'subnetCidr' | 'internetGatewayId'>;

/**
 * A VPC (10.0.0.0/16, tagged kata-vpc, DNS support and hostnames on) with one subnet
 * (10.0.0.0/20, tagged kata-subnet) using the main route table, which reaches what ECS needs as
 * `reach` says.
 */
export async function buildSampleVpc(ec2: EC2Client, region: string, reach: SampleTaskReach): Promise<SampleVpc> {
  const vpcCidr = '10.0.0.0/16';
  const subnetCidr = '10.0.0.0/20';
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'kata-vpc' }] }] }));
  const vpcId = Vpc!.VpcId!;
  // Interface endpoints with private DNS need both attributes.
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const { Subnet } = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'kata-subnet' }] }] }),
  );
  const subnetId = Subnet!.SubnetId!;
  const { RouteTables } = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }),
  );
  const mainRouteTableId = RouteTables![0].RouteTableId!;
  if (reach === 'vpc-endpoints') {
    await addEcsEndpoints(ec2, { region, vpcId, vpcCidr, subnetId, routeTableId: mainRouteTableId });
    return { vpcId, vpcCidr, subnetId, subnetCidr };
  }
  const internetGatewayId = await routeToInternet(ec2, vpcId, mainRouteTableId);
  return { vpcId, vpcCidr, subnetId, subnetCidr, internetGatewayId };
}

/**
 * What ECS needs without the internet: interface endpoints with private DNS in the subnet
 * (ecr.api, ecr.dkr, logs; a group allowing HTTPS from the VPC) and S3's gateway endpoint in the
 * route table. The VPC needs DNS support and hostnames for the private names to apply.
 */
export async function addEcsEndpoints(
  ec2: EC2Client,
  { region, vpcId, vpcCidr, subnetId, routeTableId }: { region: string; vpcId: string; vpcCidr: string; subnetId: string; routeTableId: string },
): Promise<void> {
  const { GroupId: endpointGroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'endpoints', Description: 'HTTPS from the VPC' }));
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: endpointGroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: vpcCidr }] }] }),
  );
  for (const service of ['ecr.api', 'ecr.dkr', 'logs']) {
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.${region}.${service}`,
        SubnetIds: [subnetId],
        SecurityGroupIds: [endpointGroupId!],
        PrivateDnsEnabled: true,
      }),
    );
  }
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${region}.s3`, RouteTableIds: [routeTableId] }));
}

/** An internet gateway (tagged kata-igw) attached to the VPC, and 0.0.0.0/0 to it in the route table; returns its id. */
export async function routeToInternet(ec2: EC2Client, vpcId: string, routeTableId: string): Promise<string> {
  const { InternetGateway } = await ec2.send(
    new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'kata-igw' }] }] }),
  );
  const internetGatewayId = InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGatewayId }));
  return internetGatewayId;
}
