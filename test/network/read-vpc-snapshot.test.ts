/**
 * readVpcSnapshot and snapshotForTask against the suite's backend, on a VPC built through the EC2 API.
 *
 * What moto 5.2.5 answers that AWS does not (the moto-only test at the end pins what the
 * reachability analysis depends on; the analysis must work on both):
 * - NAT gateway: State 'available' straight from CreateNatGateway (AWS: 'pending' for a minute or
 *   two). Its PrivateIp is not an address of its subnet; its PublicIp is a 127.x address.
 * - Interface endpoint: State 'available' at once (AWS: 'pending' first); DnsEntries holds one
 *   made-up name (`vpce-…-….com.amazonaws.<region>.ecr.api`), not AWS's regional, zonal and
 *   private names.
 * - Gateway endpoint: PrivateDnsEnabled is true (AWS: false). As in AWS, each of its route tables
 *   gains `{ DestinationPrefixListId: <the s3 list>, GatewayId: vpce-…, State: 'active' }`.
 * - DescribePrefixLists: ids differ from account to account (AWS: fixed per region) and no
 *   Cidrs are given; match the lists by PrefixListName.
 * - A new custom network ACL has no entries at all (AWS: the `*` deny, rule 32767, both
 *   directions); the default ACL has AWS's four entries (100 allow, 32767 deny, each way).
 * - The default security group has no inbound rule (AWS: all traffic from the group itself); its
 *   outbound rule is AWS's (-1 to 0.0.0.0/0). Rules carry empty UserIdGroupPairs, Ipv6Ranges and
 *   PrefixListIds arrays.
 * - As in AWS: DescribeVpcAttribute reads back ModifyVpcAttribute (a new VPC: DNS support on,
 *   hostnames off); an attached internet gateway's attachment State is 'available'; the main
 *   route table's association has Main: true and no SubnetId; ReplaceNetworkAclAssociation moves
 *   the subnet's one association to the new ACL.
 */
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkAclsCommand,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RevokeSecurityGroupEgressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { NetworkModelError } from '../../harness/network/network-model-error';
import { readVpcSnapshot, snapshotForTask } from '../../harness/network/read-vpc-snapshot';
import type { VpcSnapshot } from '../../harness/network/vpc-model';
import { kataRegion } from '../../harness/region';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';

jest.setTimeout(60_000);

const region = kataRegion();
const MISSING_VPC = 'vpc-0123456789abcdef0';
let root: KataClients;

beforeAll(async () => {
  const { gatewayUrl } = currentLocalCloud();
  root = createClients({ endpoint: gatewayUrl, region, credentials: rootCredentials(await newAccount(gatewayUrl)) });
});
afterAll(() => destroyClients(root));

interface BuiltVpc {
  vpcId: string;
  publicSubnet: string;
  privateSubnet: string;
  internetGateway: string;
  detachedGateway: string;
  publicTable: string;
  privateTable: string;
  natGateway: string;
  taskGroup: string;
  endpointGroup: string;
  customAcl: string;
  ecrEndpoint: string;
  s3Endpoint: string;
}

/** A public and a private subnet (through a NAT gateway), a tight security group and ACL, endpoints for ECR and S3. */
async function buildVpc(ec2: EC2Client): Promise<BuiltVpc> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } }));
  const publicSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
  const privateSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24' }))).Subnet!.SubnetId!;

  const internetGateway = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGateway, VpcId: vpcId }));
  const detachedGateway = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  const publicTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGateway }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable, SubnetId: publicSubnet }));

  const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const natGateway = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId }))).NatGateway!.NatGatewayId!;
  const privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateTable, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateway }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateTable, SubnetId: privateSubnet }));

  const taskGroup = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'task', Description: 'HTTPS out only' }))).GroupId!;
  await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: taskGroup, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: taskGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));

  const customAcl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: customAcl, RuleNumber: 100, Egress: true, RuleAction: 'allow', Protocol: '6', PortRange: { From: 443, To: 443 }, CidrBlock: '0.0.0.0/0' }));
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: customAcl, RuleNumber: 100, Egress: false, RuleAction: 'allow', Protocol: '6', PortRange: { From: 1024, To: 65535 }, CidrBlock: '0.0.0.0/0' }));
  const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [privateSubnet] }] }));
  const current = NetworkAcls![0].Associations!.find((association) => association.SubnetId === privateSubnet)!;
  await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: current.NetworkAclAssociationId!, NetworkAclId: customAcl }));

  const endpointGroup = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'endpoints', Description: 'HTTPS from the VPC' }))).GroupId!;
  const ecr = await ec2.send(new CreateVpcEndpointCommand({
    VpcId: vpcId,
    VpcEndpointType: 'Interface',
    ServiceName: `com.amazonaws.${region}.ecr.api`,
    SubnetIds: [privateSubnet],
    SecurityGroupIds: [endpointGroup],
    PrivateDnsEnabled: true,
  }));
  const s3 = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${region}.s3`, RouteTableIds: [privateTable] }));
  return {
    vpcId, publicSubnet, privateSubnet, internetGateway, detachedGateway, publicTable, privateTable, natGateway, taskGroup, endpointGroup, customAcl,
    ecrEndpoint: ecr.VpcEndpoint!.VpcEndpointId!,
    s3Endpoint: s3.VpcEndpoint!.VpcEndpointId!,
  };
}

describe('readVpcSnapshot', () => {
  let built: BuiltVpc;
  let snapshot: VpcSnapshot;

  beforeAll(async () => {
    built = await buildVpc(root.ec2);
    snapshot = await readVpcSnapshot(root.ec2, region, built.vpcId);
  });

  const table = (id: string) => snapshot.routeTables.find((found) => found.RouteTableId === id)!;
  const s3PrefixList = () => snapshot.prefixLists.find((list) => list.PrefixListName === `com.amazonaws.${region}.s3`);

  test('the VPC, its DNS attributes as ModifyVpcAttribute left them, and its subnets', () => {
    expect(snapshot.region).toBe(region);
    expect(snapshot.vpc).toMatchObject({ VpcId: built.vpcId, CidrBlock: '10.0.0.0/16' });
    expect(snapshot.enableDnsSupport).toBe(false);
    expect(snapshot.enableDnsHostnames).toBe(true);
    expect(snapshot.subnets.map((subnet) => [subnet.SubnetId, subnet.CidrBlock]).sort()).toEqual(
      [[built.publicSubnet, '10.0.1.0/24'], [built.privateSubnet, '10.0.2.0/24']].sort(),
    );
  });

  test('route tables: the main one flagged Main, explicit associations, the internet, NAT and prefix-list routes', () => {
    expect(snapshot.routeTables).toHaveLength(3);
    const main = snapshot.routeTables.find((found) => found.Associations?.some((association) => association.Main));
    expect([built.publicTable, built.privateTable]).not.toContain(main?.RouteTableId);
    expect(main?.Associations).toEqual([expect.objectContaining({ Main: true })]);
    expect(main?.Associations?.[0].SubnetId).toBeUndefined();
    expect(main?.Routes).toEqual([expect.objectContaining({ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' })]);

    expect(table(built.publicTable).Associations).toEqual([expect.objectContaining({ Main: false, SubnetId: built.publicSubnet })]);
    expect(table(built.publicTable).Routes).toContainEqual(expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: built.internetGateway, State: 'active' }));
    expect(table(built.privateTable).Associations).toEqual([expect.objectContaining({ Main: false, SubnetId: built.privateSubnet })]);
    expect(table(built.privateTable).Routes).toContainEqual(expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: built.natGateway }));
  });

  test('the gateway endpoint puts the S3 prefix list into its route table, and the list is among the prefix lists', () => {
    expect(s3PrefixList()?.PrefixListId).toMatch(/^pl-/);
    expect(table(built.privateTable).Routes).toContainEqual(
      expect.objectContaining({ DestinationPrefixListId: s3PrefixList()!.PrefixListId, GatewayId: built.s3Endpoint, State: 'active' }),
    );
    expect(table(built.publicTable).Routes?.some((route) => route.DestinationPrefixListId)).toBe(false);
  });

  test('every internet gateway of the account, attached or not', () => {
    const byId = new Map(snapshot.internetGateways.map((gateway) => [gateway.InternetGatewayId, gateway]));
    expect(byId.get(built.internetGateway)?.Attachments).toEqual([{ VpcId: built.vpcId, State: 'available' }]);
    expect(byId.get(built.detachedGateway)?.Attachments ?? []).toEqual([]);
  });

  test('the NAT gateway, in the public subnet with its elastic IP', () => {
    expect(snapshot.natGateways).toHaveLength(1);
    const [nat] = snapshot.natGateways;
    expect(nat).toMatchObject({ NatGatewayId: built.natGateway, SubnetId: built.publicSubnet, VpcId: built.vpcId });
    expect(['pending', 'available']).toContain(nat.State);
    expect(nat.NatGatewayAddresses?.[0]?.PublicIp).toBeTruthy();
  });

  test('security groups: the default one, the task group with only HTTPS out, the endpoints group', () => {
    const byName = new Map(snapshot.securityGroups.map((group) => [group.GroupName, group]));
    expect([...byName.keys()].sort()).toEqual(['default', 'endpoints', 'task']);
    expect(byName.get('default')?.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    expect(byName.get('task')?.GroupId).toBe(built.taskGroup);
    expect(byName.get('task')?.IpPermissionsEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
    ]);
  });

  test('network ACLs: the default one keeps the public subnet, the custom one has its entries and the private subnet', () => {
    expect(snapshot.networkAcls).toHaveLength(2);
    const defaultAcl = snapshot.networkAcls.find((acl) => acl.IsDefault)!;
    expect(defaultAcl.Associations?.map((association) => association.SubnetId)).toEqual([built.publicSubnet]);
    expect(defaultAcl.Entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ RuleNumber: 100, Egress: true, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' }),
      expect.objectContaining({ RuleNumber: 100, Egress: false, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' }),
    ]));

    const custom = snapshot.networkAcls.find((acl) => acl.NetworkAclId === built.customAcl)!;
    expect(custom.IsDefault).toBe(false);
    expect(custom.Associations).toEqual([expect.objectContaining({ NetworkAclId: built.customAcl, SubnetId: built.privateSubnet })]);
    expect(custom.Entries).toEqual(expect.arrayContaining([
      { RuleNumber: 100, Egress: true, RuleAction: 'allow', Protocol: '6', PortRange: { From: 443, To: 443 }, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 100, Egress: false, RuleAction: 'allow', Protocol: '6', PortRange: { From: 1024, To: 65535 }, CidrBlock: '0.0.0.0/0' },
    ]));
  });

  test('VPC endpoints: the ECR interface endpoint with private DNS and its group, the S3 gateway endpoint with its route table', () => {
    const byId = new Map(snapshot.vpcEndpoints.map((endpoint) => [endpoint.VpcEndpointId, endpoint]));
    expect(byId.size).toBe(2);
    expect(byId.get(built.ecrEndpoint)).toMatchObject({
      VpcEndpointType: 'Interface',
      ServiceName: `com.amazonaws.${region}.ecr.api`,
      PrivateDnsEnabled: true,
      SubnetIds: [built.privateSubnet],
      Groups: [expect.objectContaining({ GroupId: built.endpointGroup })],
    });
    expect(byId.get(built.s3Endpoint)).toMatchObject({ VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${region}.s3`, RouteTableIds: [built.privateTable] });
  });

  test('a VPC that does not exist: an error in both languages that names it and says what to check', async () => {
    const error = await readVpcSnapshot(root.ec2, region, MISSING_VPC).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkModelError);
    const { text } = error as NetworkModelError;
    expect(text.en).toContain(MISSING_VPC);
    expect(text.en).toContain(region);
    expect(text.en).toContain('DescribeSubnets');
    expect(text.ja).toContain(MISSING_VPC);
  });

  (currentLocalCloud().backend === 'moto' ? test : test.skip)('moto 5.2.5 answers as the comment at the top of this file says', async () => {
    const nat = snapshot.natGateways[0];
    expect(nat.State).toBe('available');
    expect(nat.NatGatewayAddresses?.[0]?.PublicIp).toMatch(/^127\./);
    expect(snapshot.vpcEndpoints.find((endpoint) => endpoint.VpcEndpointId === built.ecrEndpoint)?.State).toBe('available');
    expect(snapshot.vpcEndpoints.find((endpoint) => endpoint.VpcEndpointId === built.s3Endpoint)?.PrivateDnsEnabled).toBe(true);
    expect(s3PrefixList()?.Cidrs).toBeUndefined();
    expect(snapshot.securityGroups.find((group) => group.GroupName === 'default')?.IpPermissions).toEqual([]);
    expect(snapshot.networkAcls.find((acl) => acl.NetworkAclId === built.customAcl)?.Entries).toHaveLength(2);
    const fresh = (await root.ec2.send(new CreateNetworkAclCommand({ VpcId: built.vpcId }))).NetworkAcl!;
    expect(fresh.Entries ?? []).toEqual([]);
  });
});

describe('snapshotForTask', () => {
  let built: BuiltVpc;

  beforeAll(async () => {
    built = await buildVpc(root.ec2);
  });

  test('the ENI is in the first subnet, in the groups named, with a public IP when ENABLED', async () => {
    const { snapshot, eni } = await snapshotForTask(root.ec2, region, {
      subnets: [built.publicSubnet, built.privateSubnet],
      securityGroups: [built.taskGroup],
      assignPublicIp: 'ENABLED',
    });
    expect(snapshot.vpc.VpcId).toBe(built.vpcId);
    expect(eni).toEqual({ subnetId: built.publicSubnet, securityGroupIds: [built.taskGroup], publicIp: true });
  });

  test('with no security groups named, the ENI is in the VPC default security group, as ECS puts it', async () => {
    const { snapshot, eni } = await snapshotForTask(root.ec2, region, { subnets: [built.privateSubnet] });
    const defaultGroup = snapshot.securityGroups.find((group) => group.GroupName === 'default')!;
    expect(eni).toEqual({ subnetId: built.privateSubnet, securityGroupIds: [defaultGroup.GroupId], publicIp: false });
  });

  test('a subnet that does not exist: an error in both languages that names it', async () => {
    const error = await snapshotForTask(root.ec2, region, { subnets: ['subnet-0123456789abcdef0'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkModelError);
    expect((error as NetworkModelError).text.en).toContain('subnet-0123456789abcdef0');
    expect((error as NetworkModelError).text.ja).toContain('subnet-0123456789abcdef0');
  });
});

describe('pagination', () => {
  test('every page of every Describe call is read, following NextToken', async () => {
    const vpcId = 'vpc-paged';
    const pages: Record<string, Record<string, object>> = {
      DescribeSubnetsCommand: {
        first: { Subnets: [{ SubnetId: 'subnet-1' }], NextToken: 'second' },
        second: { Subnets: [{ SubnetId: 'subnet-2' }], NextToken: 'third' },
        third: { Subnets: [{ SubnetId: 'subnet-3' }] },
      },
      DescribePrefixListsCommand: {
        first: { PrefixLists: [{ PrefixListId: 'pl-1' }], NextToken: 'second' },
        second: { PrefixLists: [{ PrefixListId: 'pl-2' }] },
      },
    };
    const ec2 = {
      async send(command: { constructor: { name: string }; input: { NextToken?: string } }) {
        const name = command.constructor.name;
        if (name === 'DescribeVpcsCommand') return { Vpcs: [{ VpcId: vpcId }] };
        if (name === 'DescribeVpcAttributeCommand') return {};
        return pages[name]?.[command.input.NextToken ?? 'first'] ?? {};
      },
    } as unknown as EC2Client;
    const snapshot = await readVpcSnapshot(ec2, region, vpcId);
    expect(snapshot.subnets.map((subnet) => subnet.SubnetId)).toEqual(['subnet-1', 'subnet-2', 'subnet-3']);
    expect(snapshot.prefixLists.map((list) => list.PrefixListId)).toEqual(['pl-1', 'pl-2']);
    expect(snapshot.routeTables).toEqual([]);
  });
});
