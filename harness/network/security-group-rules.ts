import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { cidrContains } from './cidr';
import { protocolMatches, rulePorts, type Traffic } from './traffic';
import type { VpcSnapshot } from './vpc-model';

/** The other end of a flow, as security group rules can name it. */
export interface Peer {
  address: string;
  /** com.amazonaws.<region>.<service>, for an AWS service: a rule naming that service's prefix list matches. */
  serviceName?: string;
  /** The groups of the peer's network interface, when known: a rule that references a group matches only then. */
  securityGroupIds?: string[];
}

/** Security groups as an interface has them: the ids it names, and those groups' rules. */
export interface ResolvedGroups {
  ids: string[];
  groups: SecurityGroup[];
}

/**
 * The groups with these ids. None given: the VPC's default group, as ECS (awsvpc) and
 * CreateVpcEndpoint use when a caller names none. Ids not in the snapshot have no rules.
 */
export function securityGroupsByIds(snapshot: VpcSnapshot, ids: string[]): ResolvedGroups {
  if (ids.length === 0) {
    const fallback = snapshot.securityGroups.find((group) => group.GroupName === 'default');
    if (!fallback?.GroupId) throw new Error(`VPC ${snapshot.vpc.VpcId} has no default security group in the snapshot.`);
    return { ids: [fallback.GroupId], groups: [fallback] };
  }
  return { ids, groups: snapshot.securityGroups.filter((group) => group.GroupId !== undefined && ids.includes(group.GroupId)) };
}

/** The first group whose outbound rules allow the traffic to the peer; undefined when none does. */
export function groupAllowingEgress(groups: SecurityGroup[], peer: Peer, traffic: Traffic, snapshot: VpcSnapshot): string | undefined {
  return groups.find((group) => (group.IpPermissionsEgress ?? []).some((rule) => ruleAllows(rule, peer, traffic, snapshot)))?.GroupId;
}

/** The first group whose inbound rules allow the traffic from the peer; undefined when none does. */
export function groupAllowingIngress(groups: SecurityGroup[], peer: Peer, traffic: Traffic, snapshot: VpcSnapshot): string | undefined {
  return groups.find((group) => (group.IpPermissions ?? []).some((rule) => ruleAllows(rule, peer, traffic, snapshot)))?.GroupId;
}

function ruleAllows(rule: IpPermission, peer: Peer, traffic: Traffic, snapshot: VpcSnapshot): boolean {
  if (!rule.IpProtocol || !protocolMatches(rule.IpProtocol, traffic.protocol)) return false;
  const ports = rulePorts(rule.IpProtocol, rule.FromPort, rule.ToPort);
  if (traffic.port < ports.from || traffic.port > ports.to) return false;
  return (
    (rule.IpRanges ?? []).some((range) => range.CidrIp !== undefined && cidrContains(range.CidrIp, peer.address)) ||
    (rule.PrefixListIds ?? []).some((entry) => prefixListHolds(snapshot, entry.PrefixListId, peer)) ||
    (rule.UserIdGroupPairs ?? []).some((pair) => pair.GroupId !== undefined && (peer.securityGroupIds ?? []).includes(pair.GroupId))
  );
}

/**
 * Whether a prefix list covers the peer: by its CIDRs, or, for an AWS service, by being that
 * service's list (the harness's service addresses are stand-ins outside the real CIDRs).
 */
function prefixListHolds(snapshot: VpcSnapshot, prefixListId: string | undefined, peer: Peer): boolean {
  const list = snapshot.prefixLists.find((candidate) => candidate.PrefixListId === prefixListId);
  if (!list) return false;
  if (peer.serviceName !== undefined && list.PrefixListName === peer.serviceName) return true;
  return (list.Cidrs ?? []).some((cidr) => cidrContains(cidr, peer.address));
}

/** Whether none of the groups has any outbound rule left. */
export function noEgressRules(groups: SecurityGroup[]): boolean {
  return groups.every((group) => (group.IpPermissionsEgress ?? []).length === 0);
}
