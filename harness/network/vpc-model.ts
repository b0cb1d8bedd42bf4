import type {
  InternetGateway,
  NatGateway,
  NetworkAcl,
  PrefixList,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Bilingual } from '../i18n';

/**
 * What the reachability analysis reads of one VPC: EC2's own answers (SDK v3 shapes), taken
 * through the EC2 API of whichever backend runs, so the analysis never depends on an emulator
 * enforcing anything.
 */
export interface VpcSnapshot {
  region: string;
  vpc: Vpc;
  /** DescribeVpcAttribute enableDnsSupport: off, names do not resolve inside the VPC. */
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  subnets: Subnet[];
  /** Every route table of the VPC; the main one has an association with Main: true. */
  routeTables: RouteTable[];
  /** Every internet gateway of the account and region (a route may name one attached elsewhere or nowhere). */
  internetGateways: InternetGateway[];
  /** Every NAT gateway of the VPC. */
  natGateways: NatGateway[];
  /** Every security group of the VPC. */
  securityGroups: SecurityGroup[];
  /** Every network ACL of the VPC; the default one has IsDefault: true. */
  networkAcls: NetworkAcl[];
  /** Every VPC endpoint of the VPC (Interface and Gateway). */
  vpcEndpoints: VpcEndpoint[];
  /** AWS-managed prefix lists (com.amazonaws.<region>.s3 …), for gateway endpoint routes and rules. */
  prefixLists: PrefixList[];
}

/** A task's elastic network interface as RunTask's awsvpcConfiguration describes it. */
export interface TaskEni {
  subnetId: string;
  securityGroupIds: string[];
  /** assignPublicIp ENABLED. */
  publicIp: boolean;
  /** The ENI's private address, when known (an address of the subnet otherwise). */
  privateIp?: string;
}

/** Where a task's traffic goes. */
export type Destination =
  /** A host on the internet, by name, with the public address the harness gives that name. */
  | { kind: 'internet'; host: string; address: string; port: number }
  /**
   * An AWS service endpoint of the region over HTTPS (443): `service` is the endpoint prefix as in
   * `com.amazonaws.<region>.<service>` (ecr.api, ecr.dkr, logs, sts, s3…); `address` is the public
   * address the harness gives its regional endpoint.
   */
  | { kind: 'aws-service'; service: string; address: string; port: 443 }
  /** Another address in the VPC. */
  | {
      kind: 'vpc-address';
      address: string;
      port: number;
      /** The security groups of the interface at that address, when known: a rule that references a group matches only then. */
      securityGroupIds?: string[];
    };

/** One component on the path, in order: eni, security group, network ACL, route table, gateway… */
export interface PathHop {
  kind: 'eni' | 'security-group' | 'network-acl' | 'route-table' | 'internet-gateway' | 'nat-gateway' | 'vpc-endpoint' | 'dns' | 'local';
  /** The resource id (sg-…, acl-…, rtb-…, igw-…, nat-…, vpce-…), or a name for dns and local. */
  id: string;
}

/**
 * Why a destination is unreachable, in the spirit of VPC Reachability Analyzer's explanation
 * codes: the first hop that fails, the component at fault, and a sentence a learner can act on.
 */
export interface UnreachableReason {
  code: string;
  /** The id of the component at fault (the route table, the security group…). */
  component: string;
  explanation: Bilingual;
}

export type Verdict =
  | { reachable: true; path: PathHop[] }
  | { reachable: false; path: PathHop[]; reason: UnreachableReason };
