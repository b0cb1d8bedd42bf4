import type { PortRange } from './traffic';

/** The route table a subnet uses: its explicitly associated one, else the VPC's main table. */
export interface RouteTableUse {
  routeTableId: string;
  subnetId: string;
  /** True when the subnet has no association of its own and so uses the VPC's main table. */
  main: boolean;
}

/** What is wrong with the route a NAT gateway's own subnet gives the traffic. */
export interface NatRouteProblem {
  table: RouteTableUse;
  problem: 'no-route' | 'blackhole' | 'igw-not-attached' | 'not-an-internet-gateway';
  /** The route's target, when there is a route. */
  targetId?: string;
  /** For igw-not-attached: the VPC the internet gateway is attached to, if any. */
  attachedVpcId?: string;
}

/** An interface endpoint for the service that the regional name bypasses, and why. */
export interface BypassedEndpoint {
  vpcEndpointId: string;
  why: 'private-dns-disabled' | 'dns-hostnames-disabled';
}

/**
 * What the analysis found at the first hop that stops the traffic, with the ids and the rule that
 * decided; the verdict's code, component and explanation are made from it.
 */
export type FindingAtHop =
  | { code: 'DNS_RESOLUTION_DISABLED'; vpcId: string; host: string }
  | {
      code: 'ENI_SG_RULES_MISMATCH';
      securityGroupIds: string[];
      address: string;
      port: number;
      /** None of the groups has any outbound rule (the default allow-all rule was removed). */
      noEgressRules: boolean;
      /** Set when the traffic is headed for an interface endpoint. */
      vpcEndpointId?: string;
    }
  | {
      code: 'SUBNET_ACL_RESTRICTION';
      networkAclId: string;
      subnetId: string;
      defaultAcl: boolean;
      direction: 'outbound' | 'inbound';
      /** The request, or its reply: network ACLs are stateless, so each needs a rule. */
      leg: 'request' | 'reply';
      peerAddress: string;
      ports: PortRange;
      /** The entry that denies; 32767 is the `*` entry every ACL ends with. */
      ruleNumber: number;
    }
  | { code: 'NO_ROUTE_TO_DESTINATION'; table: RouteTableUse; address: string; vpcId: string }
  | {
      code: 'ROUTE_BLACKHOLE';
      table: RouteTableUse;
      address: string;
      /** The route's destination: a CIDR block or a prefix list id. */
      routeDestination: string;
      targetId: string;
      /** The target no longer exists (EC2 shows such a route as a blackhole; emulators may not). */
      targetMissing: boolean;
    }
  | { code: 'UNSUPPORTED_ROUTE_TARGET'; table: RouteTableUse; address: string; routeDestination: string; targetId: string }
  | { code: 'IGW_NOT_ATTACHED'; internetGatewayId: string; vpcId: string; attachedVpcId?: string; table: RouteTableUse }
  | { code: 'ENI_NO_PUBLIC_IP'; subnetId: string; internetGatewayId: string }
  | { code: 'NAT_GATEWAY_NOT_AVAILABLE'; natGatewayId: string; state: string }
  | { code: 'NAT_GATEWAY_NO_PUBLIC_IP'; natGatewayId: string; connectivityType: 'public' | 'private' }
  | { code: 'NAT_GATEWAY_NO_INTERNET'; natGatewayId: string; natSubnetId: string; vpcId: string; route: NatRouteProblem }
  | { code: 'VPC_ENDPOINT_NOT_AVAILABLE'; vpcEndpointId: string; state: string }
  | { code: 'VPC_ENDPOINT_NO_SUBNETS'; vpcEndpointId: string }
  | {
      code: 'VPC_ENDPOINT_SG_RULES_MISMATCH';
      vpcEndpointId: string;
      securityGroupIds: string[];
      sourceAddress: string;
      sourceGroupIds: string[];
    };

/**
 * A finding on the internet path of an AWS service may come with the interface endpoint that would
 * have kept the traffic in the VPC, had it captured the service's name.
 */
export type Finding = FindingAtHop & { bypassedEndpoint?: BypassedEndpoint };

export type FindingCode = Finding['code'];

/** The id of the component at fault: the one a learner changes. */
export function componentOf(finding: Finding): string {
  switch (finding.code) {
    case 'DNS_RESOLUTION_DISABLED':
      return finding.vpcId;
    case 'ENI_SG_RULES_MISMATCH':
    case 'VPC_ENDPOINT_SG_RULES_MISMATCH':
      // The first group: where a learner adds the missing rule.
      return finding.securityGroupIds[0];
    case 'SUBNET_ACL_RESTRICTION':
      return finding.networkAclId;
    case 'NO_ROUTE_TO_DESTINATION':
    case 'ROUTE_BLACKHOLE':
    case 'UNSUPPORTED_ROUTE_TARGET':
      return finding.table.routeTableId;
    case 'IGW_NOT_ATTACHED':
      return finding.internetGatewayId;
    case 'ENI_NO_PUBLIC_IP':
      return finding.subnetId;
    case 'NAT_GATEWAY_NOT_AVAILABLE':
    case 'NAT_GATEWAY_NO_PUBLIC_IP':
    case 'NAT_GATEWAY_NO_INTERNET':
      return finding.natGatewayId;
    case 'VPC_ENDPOINT_NOT_AVAILABLE':
    case 'VPC_ENDPOINT_NO_SUBNETS':
      return finding.vpcEndpointId;
  }
}
