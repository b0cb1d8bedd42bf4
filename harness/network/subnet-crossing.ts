import type { Subnet } from '@aws-sdk/client-ec2';
import { cidrContains } from './cidr';
import type { Finding } from './findings';
import { evaluateAcl, networkAclOfSubnet, type AclFlow } from './network-acl-rules';
import { EPHEMERAL_PORTS, type Traffic } from './traffic';
import type { VpcSnapshot } from './vpc-model';

export interface FlowEnd {
  address: string;
  /** The subnet of the VPC the end is in; undefined outside the VPC. */
  subnetId?: string;
}

export type CrossingResult = { networkAclIds: string[]; finding?: undefined } | { finding: Finding };

/** The subnet of the VPC that holds the address, if any. */
export function subnetContaining(snapshot: VpcSnapshot, address: string): Subnet | undefined {
  return snapshot.subnets.find((subnet) => subnet.CidrBlock !== undefined && cidrContains(subnet.CidrBlock, address));
}

/**
 * The network ACLs a flow meets where it leaves the source's subnet and, inside the VPC, where it
 * enters the destination's: each must let the request through and its reply back to an ephemeral
 * port. Traffic that stays in one subnet meets no ACL.
 */
export function crossSubnetBoundaries(snapshot: VpcSnapshot, source: FlowEnd & { subnetId: string }, destination: FlowEnd, traffic: Traffic): CrossingResult {
  if (destination.subnetId === source.subnetId) return { networkAclIds: [] };
  const port = { from: traffic.port, to: traffic.port };
  const checks: { subnetId: string; flows: (AclFlow & { leg: 'request' | 'reply' })[] }[] = [
    {
      subnetId: source.subnetId,
      flows: [
        { leg: 'request', direction: 'outbound', protocol: traffic.protocol, peerAddress: destination.address, ports: port },
        { leg: 'reply', direction: 'inbound', protocol: traffic.protocol, peerAddress: destination.address, ports: EPHEMERAL_PORTS },
      ],
    },
  ];
  if (destination.subnetId !== undefined) {
    checks.push({
      subnetId: destination.subnetId,
      flows: [
        { leg: 'request', direction: 'inbound', protocol: traffic.protocol, peerAddress: source.address, ports: port },
        { leg: 'reply', direction: 'outbound', protocol: traffic.protocol, peerAddress: source.address, ports: EPHEMERAL_PORTS },
      ],
    });
  }
  const networkAclIds: string[] = [];
  for (const check of checks) {
    const acl = networkAclOfSubnet(snapshot, check.subnetId);
    for (const flow of check.flows) {
      const decision = evaluateAcl(acl, flow);
      if (!decision.allowed) {
        return {
          finding: {
            code: 'SUBNET_ACL_RESTRICTION',
            networkAclId: acl.NetworkAclId,
            subnetId: check.subnetId,
            defaultAcl: acl.IsDefault === true,
            direction: flow.direction,
            leg: flow.leg,
            peerAddress: flow.peerAddress,
            ports: flow.ports,
            ruleNumber: decision.ruleNumber,
          },
        };
      }
    }
    if (!networkAclIds.includes(acl.NetworkAclId)) networkAclIds.push(acl.NetworkAclId);
  }
  return { networkAclIds };
}
