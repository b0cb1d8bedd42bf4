import type { AttachmentStatus, IpPermission, NetworkAclEntry, Route, RouteTable, SecurityGroup, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { VpcSnapshot } from '../../harness/network/vpc-model';

export const REGION = 'ap-northeast-1';
export const VPC_ID = 'vpc-main';
export const VPC_CIDR = '10.0.0.0/16';
export const MAIN_TABLE = 'rtb-main';
export const DEFAULT_SG = 'sg-default';
export const DEFAULT_ACL = 'acl-default';
/** The AWS-managed S3 prefix list; moto's DescribePrefixLists answers it without its CIDRs, as here. */
export const S3_PREFIX_LIST = 'pl-s3';

/** EC2 and moto answer `available` for an attached internet gateway, a state the SDK's type does not list. */
const IGW_ATTACHED = 'available' as unknown as AttachmentStatus;

/** A security group rule for TCP ports to (or from) a CIDR block. */
export function tcp(from: number, to: number, cidr = '0.0.0.0/0'): IpPermission {
  return { IpProtocol: 'tcp', FromPort: from, ToPort: to, IpRanges: [{ CidrIp: cidr }] };
}

/** A security group rule for every protocol to (or from) a CIDR block, as the default outbound rule. */
export function allTraffic(cidr = '0.0.0.0/0'): IpPermission {
  return { IpProtocol: '-1', IpRanges: [{ CidrIp: cidr }] };
}

/** A network ACL entry; protocol as EC2 shows it ("6" is TCP, "-1" every protocol). */
export function aclEntry(ruleNumber: number, egress: boolean, action: 'allow' | 'deny', options: { protocol?: string; ports?: [number, number]; cidr?: string } = {}): NetworkAclEntry {
  return {
    RuleNumber: ruleNumber,
    Egress: egress,
    RuleAction: action,
    Protocol: options.protocol ?? '-1',
    CidrBlock: options.cidr ?? '0.0.0.0/0',
    PortRange: options.ports ? { From: options.ports[0], To: options.ports[1] } : undefined,
  };
}

/** The entries of a new VPC's default ACL: allow everything both ways, then the `*` deny. */
function defaultAclEntries(): NetworkAclEntry[] {
  return [aclEntry(100, true, 'allow'), aclEntry(32767, true, 'deny'), aclEntry(100, false, 'allow'), aclEntry(32767, false, 'deny')];
}

/**
 * A VPC snapshot in the shapes EC2 (and moto) answer with: a new VPC has its main route table
 * with the local route, its default security group (outbound allow-all) and its default network
 * ACL (allow-all), and both DNS attributes on. Methods add to it; build() returns the snapshot.
 */
export class VpcBuilder {
  private readonly snapshot: VpcSnapshot;

  constructor() {
    this.snapshot = {
      region: REGION,
      vpc: { VpcId: VPC_ID, CidrBlock: VPC_CIDR, State: 'available' },
      enableDnsSupport: true,
      enableDnsHostnames: true,
      subnets: [],
      routeTables: [
        {
          RouteTableId: MAIN_TABLE,
          VpcId: VPC_ID,
          Associations: [{ Main: true, RouteTableId: MAIN_TABLE, RouteTableAssociationId: 'rtbassoc-main', AssociationState: { State: 'associated' } }],
          Routes: [{ DestinationCidrBlock: VPC_CIDR, GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' }],
        },
      ],
      internetGateways: [],
      natGateways: [],
      securityGroups: [{ GroupId: DEFAULT_SG, GroupName: 'default', VpcId: VPC_ID, IpPermissions: [], IpPermissionsEgress: [allTraffic()] }],
      networkAcls: [{ NetworkAclId: DEFAULT_ACL, VpcId: VPC_ID, IsDefault: true, Associations: [], Entries: defaultAclEntries() }],
      vpcEndpoints: [],
      prefixLists: [
        { PrefixListId: S3_PREFIX_LIST, PrefixListName: `com.amazonaws.${REGION}.s3` },
        { PrefixListId: 'pl-dynamodb', PrefixListName: `com.amazonaws.${REGION}.dynamodb`, Cidrs: ['52.94.0.0/22'] },
      ],
    };
  }

  dns(attributes: { support?: boolean; hostnames?: boolean }): this {
    if (attributes.support !== undefined) this.snapshot.enableDnsSupport = attributes.support;
    if (attributes.hostnames !== undefined) this.snapshot.enableDnsHostnames = attributes.hostnames;
    return this;
  }

  /** A subnet, associated with the default network ACL as EC2 does. */
  subnet(id: string, cidr: string, availabilityZone = `${REGION}a`): this {
    this.snapshot.subnets.push({ SubnetId: id, CidrBlock: cidr, VpcId: VPC_ID, AvailabilityZone: availabilityZone, State: 'available' });
    this.acl(DEFAULT_ACL).Associations?.push({ NetworkAclId: DEFAULT_ACL, SubnetId: id, NetworkAclAssociationId: `aclassoc-${id}` });
    return this;
  }

  /** A route table with its local route, explicitly associated with the given subnets. */
  routeTable(id: string, subnetIds: string[] = []): this {
    this.snapshot.routeTables.push({
      RouteTableId: id,
      VpcId: VPC_ID,
      Associations: subnetIds.map((subnetId) => ({ Main: false, RouteTableId: id, SubnetId: subnetId, AssociationState: { State: 'associated' } })),
      Routes: [{ DestinationCidrBlock: VPC_CIDR, GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' }],
    });
    return this;
  }

  route(routeTableId: string, route: Route): this {
    this.table(routeTableId).Routes?.push({ State: 'active', Origin: 'CreateRoute', ...route });
    return this;
  }

  internetGateway(id: string, attachedTo?: string): this {
    this.snapshot.internetGateways.push({ InternetGatewayId: id, Attachments: attachedTo ? [{ VpcId: attachedTo, State: IGW_ATTACHED }] : [] });
    return this;
  }

  natGateway(id: string, subnetId: string, options: { state?: 'pending' | 'available' | 'deleted' | 'failed'; connectivity?: 'public' | 'private'; publicIp?: string | null } = {}): this {
    const publicIp = options.publicIp === undefined ? '54.0.0.1' : (options.publicIp ?? undefined);
    this.snapshot.natGateways.push({
      NatGatewayId: id,
      SubnetId: subnetId,
      VpcId: VPC_ID,
      State: options.state ?? 'available',
      ConnectivityType: options.connectivity ?? 'public',
      NatGatewayAddresses: [{ PrivateIp: '10.0.1.200', PublicIp: publicIp }],
    });
    return this;
  }

  securityGroup(id: string, rules: { egress?: IpPermission[]; ingress?: IpPermission[] } = {}): this {
    this.snapshot.securityGroups.push({ GroupId: id, GroupName: id, VpcId: VPC_ID, IpPermissionsEgress: rules.egress ?? [allTraffic()], IpPermissions: rules.ingress ?? [] });
    return this;
  }

  egress(groupId: string, rules: IpPermission[]): this {
    this.group(groupId).IpPermissionsEgress = rules;
    return this;
  }

  /** A network ACL with these entries (the `*` denies added), taking the subnets over from the default ACL. */
  networkAcl(id: string, subnetIds: string[], entries: NetworkAclEntry[]): this {
    for (const acl of this.snapshot.networkAcls) {
      acl.Associations = (acl.Associations ?? []).filter((association) => !subnetIds.includes(association.SubnetId ?? ''));
    }
    this.snapshot.networkAcls.push({
      NetworkAclId: id,
      VpcId: VPC_ID,
      IsDefault: false,
      Associations: subnetIds.map((subnetId) => ({ NetworkAclId: id, SubnetId: subnetId })),
      Entries: [...entries, aclEntry(32767, true, 'deny'), aclEntry(32767, false, 'deny')],
    });
    return this;
  }

  interfaceEndpoint(id: string, service: string, options: { privateDns?: boolean; subnetIds?: string[]; groupIds?: string[]; state?: string } = {}): this {
    this.snapshot.vpcEndpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Interface',
      VpcId: VPC_ID,
      ServiceName: `com.amazonaws.${REGION}.${service}`,
      State: (options.state ?? 'available') as VpcEndpoint['State'],
      PrivateDnsEnabled: options.privateDns ?? true,
      SubnetIds: options.subnetIds ?? [],
      Groups: (options.groupIds ?? []).map((groupId) => ({ GroupId: groupId, GroupName: groupId })),
      RouteTableIds: [],
    });
    return this;
  }

  /**
   * A gateway endpoint for the route tables. withRoutes: the tables get the prefix-list route, as
   * moto does when the endpoint is created with them; without, only the endpoint lists the tables.
   */
  gatewayEndpoint(id: string, service: string, routeTableIds: string[], options: { withRoutes?: boolean } = {}): this {
    const serviceName = `com.amazonaws.${REGION}.${service}`;
    this.snapshot.vpcEndpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Gateway',
      VpcId: VPC_ID,
      ServiceName: serviceName,
      State: 'available' as VpcEndpoint['State'],
      RouteTableIds: routeTableIds,
      SubnetIds: [],
      Groups: [],
    });
    if (options.withRoutes ?? true) {
      const prefixListId = this.snapshot.prefixLists.find((list) => list.PrefixListName === serviceName)?.PrefixListId;
      for (const tableId of routeTableIds) this.route(tableId, { DestinationPrefixListId: prefixListId, GatewayId: id });
    }
    return this;
  }

  build(): VpcSnapshot {
    return structuredClone(this.snapshot);
  }

  private table(id: string): RouteTable {
    const table = this.snapshot.routeTables.find((candidate) => candidate.RouteTableId === id);
    if (!table) throw new Error(`The builder has no route table ${id}`);
    return table;
  }

  private group(id: string): SecurityGroup {
    const group = this.snapshot.securityGroups.find((candidate) => candidate.GroupId === id);
    if (!group) throw new Error(`The builder has no security group ${id}`);
    return group;
  }

  private acl(id: string): NonNullable<VpcSnapshot['networkAcls'][number]> {
    const acl = this.snapshot.networkAcls.find((candidate) => candidate.NetworkAclId === id);
    if (!acl) throw new Error(`The builder has no network ACL ${id}`);
    return acl;
  }
}

/**
 * The article's layout: a public subnet whose own route table sends 0.0.0.0/0 to an attached
 * internet gateway, and a private subnet on the main table (local route only).
 */
export function articleVpc(): VpcBuilder {
  return new VpcBuilder()
    .subnet('subnet-public', '10.0.1.0/24')
    .subnet('subnet-private', '10.0.2.0/24')
    .internetGateway('igw-main', VPC_ID)
    .routeTable('rtb-public', ['subnet-public'])
    .route('rtb-public', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-main' });
}
