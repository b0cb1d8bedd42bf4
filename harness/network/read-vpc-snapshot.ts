import {
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { AwsVpcConfiguration } from '@aws-sdk/client-ecs';
import { NetworkModelError } from './network-model-error';
import type { TaskEni, VpcSnapshot } from './vpc-model';

/** One page after another until the answer has no NextToken. */
async function allPages<T>(page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await page(nextToken);
    items.push(...answer.items);
    nextToken = answer.nextToken;
  } while (nextToken);
  return items;
}

/** The VPC's state as the network model reads it, through the EC2 API of whichever backend runs. */
export async function readVpcSnapshot(ec2: EC2Client, region: string, vpcId: string): Promise<VpcSnapshot> {
  const inVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  const vpc = vpcs.Vpcs?.[0];
  if (!vpc) {
    throw new NetworkModelError({
      en: `The VPC ${vpcId} does not exist in region ${region} of this account, so the task's network cannot be read. Check the subnet the task runs in (DescribeSubnets) and its VPC.`,
      ja: `このアカウントのリージョン ${region} に VPC ${vpcId} がないため、タスクのネットワークを読めません。タスクのサブネット(DescribeSubnets)とその VPC を確かめてください。`,
    });
  }
  const [dnsSupport, dnsHostnames, subnets, routeTables, internetGateways, natGateways, securityGroups, networkAcls, vpcEndpoints, prefixLists] = await Promise.all([
    ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' })),
    ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribeSubnetsCommand({ Filters: inVpc, NextToken })); return { items: a.Subnets ?? [], nextToken: a.NextToken }; }),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc, NextToken })); return { items: a.RouteTables ?? [], nextToken: a.NextToken }; }),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribeInternetGatewaysCommand({ NextToken })); return { items: a.InternetGateways ?? [], nextToken: a.NextToken }; }),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribeNatGatewaysCommand({ Filter: inVpc, NextToken })); return { items: a.NatGateways ?? [], nextToken: a.NextToken }; }),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc, NextToken })); return { items: a.SecurityGroups ?? [], nextToken: a.NextToken }; }),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribeNetworkAclsCommand({ Filters: inVpc, NextToken })); return { items: a.NetworkAcls ?? [], nextToken: a.NextToken }; }),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: inVpc, NextToken })); return { items: a.VpcEndpoints ?? [], nextToken: a.NextToken }; }),
    allPages(async (NextToken) => { const a = await ec2.send(new DescribePrefixListsCommand({ NextToken })); return { items: a.PrefixLists ?? [], nextToken: a.NextToken }; }),
  ]);
  return {
    region,
    vpc,
    enableDnsSupport: dnsSupport.EnableDnsSupport?.Value ?? true,
    enableDnsHostnames: dnsHostnames.EnableDnsHostnames?.Value ?? false,
    subnets,
    routeTables,
    internetGateways,
    natGateways,
    securityGroups,
    networkAcls,
    vpcEndpoints,
    prefixLists,
  };
}

/**
 * The VPC snapshot and ENI of a task, from RunTask's awsvpcConfiguration: the ENI is in the first
 * subnet; with no security groups listed, ECS puts it in the VPC's default security group.
 */
export async function snapshotForTask(ec2: EC2Client, region: string, awsvpc: AwsVpcConfiguration): Promise<{ snapshot: VpcSnapshot; eni: TaskEni }> {
  const subnetId = awsvpc.subnets?.[0];
  if (!subnetId) {
    throw new NetworkModelError({
      en: 'The task has no subnet (awsvpcConfiguration.subnets is empty), so it has no network. Run it with networkConfiguration.awsvpcConfiguration.subnets naming a subnet of your VPC.',
      ja: 'タスクにサブネットがない(awsvpcConfiguration.subnets が空)ため、ネットワークがありません。networkConfiguration.awsvpcConfiguration.subnets に VPC のサブネットを指定して実行してください。',
    });
  }
  const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
  const vpcId = Subnets?.[0]?.VpcId;
  if (!vpcId) {
    throw new NetworkModelError({
      en: `The subnet ${subnetId} does not exist in region ${region} of this account. Run the task in a subnet of your VPC (DescribeSubnets lists them).`,
      ja: `このアカウントのリージョン ${region} にサブネット ${subnetId} がありません。VPC のサブネット(DescribeSubnets で一覧できます)でタスクを実行してください。`,
    });
  }
  const snapshot = await readVpcSnapshot(ec2, region, vpcId);
  let securityGroupIds = awsvpc.securityGroups ?? [];
  if (securityGroupIds.length === 0) {
    const fallback = snapshot.securityGroups.find((group) => group.GroupName === 'default');
    securityGroupIds = fallback?.GroupId ? [fallback.GroupId] : [];
  }
  return { snapshot, eni: { subnetId, securityGroupIds, publicIp: awsvpc.assignPublicIp === 'ENABLED' } };
}
