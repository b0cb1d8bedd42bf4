import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { endpointHost } from './aws-endpoints';
import { assignableAddress } from './cidr';
import { explainFinding } from './explain-verdict';
import { componentOf, type Finding } from './findings';
import { endpointGroupIds, endpointInterface, endpointIs, endpointServiceName, interfaceEndpointFor } from './vpc-endpoints';
import { routingOfSubnet } from './route-selection';
import { followRoute } from './route-targets';
import { groupAllowingEgress, groupAllowingIngress, noEgressRules, securityGroupsByIds, type Peer, type ResolvedGroups } from './security-group-rules';
import { crossSubnetBoundaries, subnetContaining } from './subnet-crossing';
import type { Traffic } from './traffic';
import type { Destination, PathHop, TaskEni, Verdict, VpcSnapshot } from './vpc-model';

/** The task's side of every flow: its subnet, its address and its security groups. */
interface TaskSide {
  snapshot: VpcSnapshot;
  eni: TaskEni;
  subnetId: string;
  availabilityZone: string | undefined;
  address: string;
  groups: ResolvedGroups;
  /** The hops passed so far, in order; each check appends the ones it passes. */
  path: PathHop[];
}

/**
 * Whether a task's ENI reaches the destination over TCP, hop by hop in the order its traffic meets
 * them (name resolution, the task's security groups, network ACLs, routes, gateways, endpoints),
 * from what EC2 says of the VPC alone. The first hop that fails decides, with the reason.
 */
export function analyzeReachability(snapshot: VpcSnapshot, eni: TaskEni, destination: Destination): Verdict {
  const subnet = snapshot.subnets.find((candidate) => candidate.SubnetId === eni.subnetId);
  if (!subnet?.CidrBlock) {
    throw new Error(`The task's subnet ${eni.subnetId} is not in the snapshot of VPC ${snapshot.vpc.VpcId}; snapshot the VPC the subnet belongs to.`);
  }
  const task: TaskSide = {
    snapshot,
    eni,
    subnetId: eni.subnetId,
    availabilityZone: subnet.AvailabilityZone,
    address: eni.privateIp ?? assignableAddress(subnet.CidrBlock, 0),
    groups: securityGroupsByIds(snapshot, eni.securityGroupIds),
    // The task's ENI has no id the analysis knows: its hop names the subnet it is in.
    path: [{ kind: 'eni', id: eni.subnetId }],
  };
  const finding = reach(task, destination);
  if (!finding) return { reachable: true, path: task.path };
  return {
    reachable: false,
    path: task.path,
    reason: { code: finding.code, component: componentOf(finding), explanation: explainFinding(finding, eni, destination) },
  };
}

function reach(task: TaskSide, destination: Destination): Finding | undefined {
  const { snapshot } = task;
  const traffic: Traffic = { protocol: 'tcp', port: destination.port };
  if (destination.kind === 'vpc-address') {
    const peer: Peer = { address: destination.address, securityGroupIds: destination.securityGroupIds };
    return leaveSubnet(task, peer, traffic, subnetContaining(snapshot, destination.address)?.SubnetId);
  }
  const host = destination.kind === 'internet' ? destination.host : endpointHost(destination.service, snapshot.region);
  if (!snapshot.enableDnsSupport) return { code: 'DNS_RESOLUTION_DISABLED', vpcId: snapshot.vpc.VpcId ?? '', host };
  task.path.push({ kind: 'dns', id: host });
  if (destination.kind === 'internet') return leaveSubnet(task, { address: destination.address }, traffic, undefined);

  const choice = interfaceEndpointFor(snapshot, destination.service);
  if (choice.captures) return throughInterfaceEndpoint(task, choice.captures, traffic);
  const peer: Peer = { address: destination.address, serviceName: endpointServiceName(snapshot.region, destination.service) };
  const finding = leaveSubnet(task, peer, traffic, undefined);
  return finding && choice.bypassed ? { ...finding, bypassedEndpoint: choice.bypassed } : finding;
}

/** Out through the task's security groups, across the network ACLs, along the subnet's route. */
function leaveSubnet(task: TaskSide, peer: Peer, traffic: Traffic, peerSubnetId: string | undefined, vpcEndpointId?: string): Finding | undefined {
  const { snapshot } = task;
  const allowing = groupAllowingEgress(task.groups.groups, peer, traffic, snapshot);
  if (!allowing) {
    return {
      code: 'ENI_SG_RULES_MISMATCH',
      securityGroupIds: task.groups.ids,
      address: peer.address,
      port: traffic.port,
      noEgressRules: noEgressRules(task.groups.groups),
      vpcEndpointId,
    };
  }
  task.path.push({ kind: 'security-group', id: allowing });

  const crossing = crossSubnetBoundaries(snapshot, { subnetId: task.subnetId, address: task.address }, { subnetId: peerSubnetId, address: peer.address }, traffic);
  if (crossing.finding) return crossing.finding;
  task.path.push(...crossing.networkAclIds.map((id): PathHop => ({ kind: 'network-acl', id })));

  const route = followRoute(snapshot, task.eni, routingOfSubnet(snapshot, task.subnetId), { address: peer.address, serviceName: peer.serviceName });
  if (route.finding) return route.finding;
  task.path.push(...route.hops);
  return undefined;
}

/**
 * With private DNS the service's regional name resolves to the endpoint's interfaces in the VPC:
 * the traffic stays local and must also pass the endpoint's own security groups (HTTPS in).
 */
function throughInterfaceEndpoint(task: TaskSide, endpoint: VpcEndpoint, traffic: Traffic): Finding | undefined {
  const vpcEndpointId = endpoint.VpcEndpointId ?? '';
  if (!endpointIs(endpoint, 'available')) return { code: 'VPC_ENDPOINT_NOT_AVAILABLE', vpcEndpointId, state: endpoint.State ?? 'unknown' };
  const endpointNic = endpointInterface(task.snapshot, endpoint, task.availabilityZone);
  if (!endpointNic) return { code: 'VPC_ENDPOINT_NO_SUBNETS', vpcEndpointId };
  const endpointGroups = securityGroupsByIds(task.snapshot, endpointGroupIds(endpoint));

  const finding = leaveSubnet(task, { address: endpointNic.address, securityGroupIds: endpointGroups.ids }, traffic, endpointNic.subnetId, vpcEndpointId);
  if (finding) return finding;
  task.path.push({ kind: 'vpc-endpoint', id: vpcEndpointId });

  const source: Peer = { address: task.address, securityGroupIds: task.groups.ids };
  const allowing = groupAllowingIngress(endpointGroups.groups, source, traffic, task.snapshot);
  if (!allowing) {
    return { code: 'VPC_ENDPOINT_SG_RULES_MISMATCH', vpcEndpointId, securityGroupIds: endpointGroups.ids, sourceAddress: task.address, sourceGroupIds: task.groups.ids };
  }
  task.path.push({ kind: 'security-group', id: allowing });
  return undefined;
}
