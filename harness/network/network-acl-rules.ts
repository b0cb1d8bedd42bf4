import type { NetworkAcl, NetworkAclEntry } from '@aws-sdk/client-ec2';
import { cidrContains } from './cidr';
import { portsOverlap, protocolMatches, rulePorts, type PortRange, type Traffic } from './traffic';
import type { VpcSnapshot } from './vpc-model';

/** The number of the `*` entry that ends every network ACL and denies what no rule allowed. */
export const DEFAULT_DENY_RULE_NUMBER = 32767;

export interface AclFlow {
  direction: 'outbound' | 'inbound';
  protocol: Traffic['protocol'];
  /** The address at the other end: the destination outbound, the source inbound. */
  peerAddress: string;
  /** Every port of the range must be allowed (a reply may come back to any ephemeral port). */
  ports: PortRange;
}

export type AclDecision = { allowed: true } | { allowed: false; ruleNumber: number };

/** The subnet's associated network ACL, else the VPC's default one. */
export function networkAclOfSubnet(snapshot: VpcSnapshot, subnetId: string): NetworkAcl & { NetworkAclId: string } {
  const acl =
    snapshot.networkAcls.find((candidate) => (candidate.Associations ?? []).some((association) => association.SubnetId === subnetId)) ??
    snapshot.networkAcls.find((candidate) => candidate.IsDefault === true);
  if (!acl?.NetworkAclId) throw new Error(`Subnet ${subnetId} has no network ACL: no association and no default ACL of VPC ${snapshot.vpc.VpcId} in the snapshot.`);
  return { ...acl, NetworkAclId: acl.NetworkAclId };
}

/**
 * Network ACLs are stateless and ordered: entries of the flow's direction are read by ascending
 * rule number and the first that matches decides, here for each port of the range still undecided.
 */
export function evaluateAcl(acl: NetworkAcl, flow: AclFlow): AclDecision {
  const entries = (acl.Entries ?? [])
    .filter((entry) => entry.Egress === (flow.direction === 'outbound'))
    .sort((a, b) => (a.RuleNumber ?? DEFAULT_DENY_RULE_NUMBER) - (b.RuleNumber ?? DEFAULT_DENY_RULE_NUMBER));
  let undecided: PortRange[] = [flow.ports];
  for (const entry of entries) {
    if (!entryMatches(entry, flow)) continue;
    const entryPorts = rulePorts(entry.Protocol ?? '', entry.PortRange?.From, entry.PortRange?.To);
    const covered = undecided.some((range) => portsOverlap(range, entryPorts));
    if (!covered) continue;
    if (entry.RuleAction === 'deny') return { allowed: false, ruleNumber: entry.RuleNumber ?? DEFAULT_DENY_RULE_NUMBER };
    undecided = undecided.flatMap((range) => withoutPorts(range, entryPorts));
    if (undecided.length === 0) return { allowed: true };
  }
  return { allowed: false, ruleNumber: DEFAULT_DENY_RULE_NUMBER };
}

function entryMatches(entry: NetworkAclEntry, flow: AclFlow): boolean {
  return protocolMatches(entry.Protocol, flow.protocol) && entry.CidrBlock !== undefined && cidrContains(entry.CidrBlock, flow.peerAddress);
}

function withoutPorts(range: PortRange, removed: PortRange): PortRange[] {
  const overlap = portsOverlap(range, removed);
  if (!overlap) return [range];
  const left = { from: range.from, to: overlap.from - 1 };
  const right = { from: overlap.to + 1, to: range.to };
  return [left, right].filter((piece) => piece.from <= piece.to);
}
