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

/** Every item of a paginated Describe call: one page after another until the answer has no NextToken. */
async function allPages<Answer extends { NextToken?: string }, Item>(
  send: (nextToken: string | undefined) => Promise<Answer>,
  items: (answer: Answer) => Item[] | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await send(nextToken);
    all.push(...(items(answer) ?? []));
    nextToken = answer.NextToken;
  } while (nextToken);
  return all;
}

/** The VPC's state as the network model reads it, through the EC2 API of whichever backend runs. */
export async function readVpcSnapshot(ec2: EC2Client, region: string, vpcId: string): Promise<VpcSnapshot> {
  const inVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  // A filter, not VpcIds: a missing VPC is then an empty answer rather than InvalidVpcID.NotFound.
  const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: inVpc }));
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
    allPages((NextToken) => ec2.send(new DescribeSubnetsCommand({ Filters: inVpc, NextToken })), (a) => a.Subnets),
    allPages((NextToken) => ec2.send(new DescribeRouteTablesCommand({ Filters: inVpc, NextToken })), (a) => a.RouteTables),
    allPages((NextToken) => ec2.send(new DescribeInternetGatewaysCommand({ NextToken })), (a) => a.InternetGateways),
    allPages((NextToken) => ec2.send(new DescribeNatGatewaysCommand({ Filter: inVpc, NextToken })), (a) => a.NatGateways),
    allPages((NextToken) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc, NextToken })), (a) => a.SecurityGroups),
    allPages((NextToken) => ec2.send(new DescribeNetworkAclsCommand({ Filters: inVpc, NextToken })), (a) => a.NetworkAcls),
    allPages((NextToken) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: inVpc, NextToken })), (a) => a.VpcEndpoints),
    allPages((NextToken) => ec2.send(new DescribePrefixListsCommand({ NextToken })), (a) => a.PrefixLists),
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
  const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: [subnetId] }] }));
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
