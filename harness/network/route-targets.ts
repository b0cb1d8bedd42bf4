import type { InternetGateway, NatGateway } from '@aws-sdk/client-ec2';
import type { Finding, NatRouteProblem, RouteTableUse } from './findings';
import { routeTarget, routingOfSubnet, selectRoute, type RouteQuery, type SelectedRoute, type SubnetRouting } from './route-selection';
import { endpointIs } from './vpc-endpoints';
import type { PathHop, TaskEni, VpcSnapshot } from './vpc-model';

export type RouteOutcome = { hops: PathHop[]; finding?: undefined } | { finding: Finding };

/** The route a subnet's traffic took, and what it was looking for. */
interface RouteTaken {
  snapshot: VpcSnapshot;
  routing: SubnetRouting;
  selected: SelectedRoute;
  query: RouteQuery;
}

function tableUse(routing: SubnetRouting): RouteTableUse {
  return { routeTableId: routing.routeTableId, subnetId: routing.subnetId, main: routing.main };
}

function vpcIdOf(snapshot: VpcSnapshot): string {
  return snapshot.vpc.VpcId ?? '';
}

/** An attached internet gateway reads `available` (EC2 and moto, though the SDK's type lists only `attached`). */
function attachedVpcIds(gateway: InternetGateway): string[] {
  const attached = new Set<string | undefined>(['available', 'attached']);
  return (gateway.Attachments ?? [])
    .filter((attachment) => attached.has(attachment.State))
    .flatMap((attachment) => (attachment.VpcId ? [attachment.VpcId] : []));
}

/**
 * Where the subnet's route table sends the traffic, checked up to the gateway that takes it out of
 * the VPC (or to the VPC itself for a local route): the hops from the route table on, or the
 * finding at the first that fails.
 */
export function followRoute(snapshot: VpcSnapshot, eni: TaskEni, routing: SubnetRouting, query: RouteQuery): RouteOutcome {
  const selected = selectRoute(snapshot, routing.routes, query);
  if (!selected) return { finding: { code: 'NO_ROUTE_TO_DESTINATION', table: tableUse(routing), address: query.address, vpcId: vpcIdOf(snapshot) } };
  const taken: RouteTaken = { snapshot, routing, selected, query };
  const target = routeTarget(selected.route);
  let outcome: RouteOutcome;
  switch (target.kind) {
    case 'local':
      outcome = { hops: [{ kind: 'local', id: 'local' }] };
      break;
    case 'internet-gateway':
      outcome = throughInternetGateway(taken, eni, target.id);
      break;
    case 'nat-gateway':
      outcome = throughNatGateway(taken, target.id);
      break;
    case 'gateway-endpoint':
      outcome = throughGatewayEndpoint(taken, target.id);
      break;
    case 'other':
      outcome = {
        finding: { code: 'UNSUPPORTED_ROUTE_TARGET', table: tableUse(routing), address: query.address, routeDestination: selected.destination, targetId: target.id },
      };
      break;
  }
  return outcome.finding ? outcome : { hops: [{ kind: 'route-table', id: routing.routeTableId }, ...outcome.hops] };
}

function blackhole(taken: RouteTaken, targetId: string, targetMissing: boolean): RouteOutcome {
  return {
    finding: {
      code: 'ROUTE_BLACKHOLE',
      table: tableUse(taken.routing),
      address: taken.query.address,
      routeDestination: taken.selected.destination,
      targetId,
      targetMissing,
    },
  };
}

function throughInternetGateway(taken: RouteTaken, eni: TaskEni, gatewayId: string): RouteOutcome {
  const { snapshot } = taken;
  const gateway = snapshot.internetGateways.find((candidate) => candidate.InternetGatewayId === gatewayId);
  if (!gateway) return blackhole(taken, gatewayId, true);
  const attachedTo = attachedVpcIds(gateway);
  if (!attachedTo.includes(vpcIdOf(snapshot))) {
    return {
      finding: { code: 'IGW_NOT_ATTACHED', internetGatewayId: gatewayId, vpcId: vpcIdOf(snapshot), attachedVpcId: attachedTo[0], table: tableUse(taken.routing) },
    };
  }
  if (taken.selected.route.State === 'blackhole') return blackhole(taken, gatewayId, false);
  if (!eni.publicIp) return { finding: { code: 'ENI_NO_PUBLIC_IP', subnetId: eni.subnetId, internetGatewayId: gatewayId } };
  return { hops: [{ kind: 'internet-gateway', id: gatewayId }] };
}

function throughNatGateway(taken: RouteTaken, natGatewayId: string): RouteOutcome {
  const nat = taken.snapshot.natGateways.find((candidate) => candidate.NatGatewayId === natGatewayId);
  if (!nat) return blackhole(taken, natGatewayId, true);
  if (nat.State !== 'available') return { finding: { code: 'NAT_GATEWAY_NOT_AVAILABLE', natGatewayId, state: nat.State ?? 'unknown' } };
  if (taken.selected.route.State === 'blackhole') return blackhole(taken, natGatewayId, false);
  if (nat.ConnectivityType === 'private') return { finding: { code: 'NAT_GATEWAY_NO_PUBLIC_IP', natGatewayId, connectivityType: 'private' } };
  if (!(nat.NatGatewayAddresses ?? []).some((address) => address.PublicIp)) {
    return { finding: { code: 'NAT_GATEWAY_NO_PUBLIC_IP', natGatewayId, connectivityType: 'public' } };
  }
  return natToInternet(taken.snapshot, nat, natGatewayId, taken.query);
}

/** A NAT gateway forwards from its own subnet, so that subnet's route table must lead to an attached internet gateway. */
function natToInternet(snapshot: VpcSnapshot, nat: NatGateway, natGatewayId: string, query: RouteQuery): RouteOutcome {
  const natSubnetId = nat.SubnetId ?? '';
  const routing = routingOfSubnet(snapshot, natSubnetId);
  const result = natSubnetRoute(snapshot, routing, selectRoute(snapshot, routing.routes, query));
  if ('problem' in result) {
    return { finding: { code: 'NAT_GATEWAY_NO_INTERNET', natGatewayId, natSubnetId, vpcId: vpcIdOf(snapshot), route: result } };
  }
  return {
    hops: [
      { kind: 'nat-gateway', id: natGatewayId },
      { kind: 'route-table', id: routing.routeTableId },
      { kind: 'internet-gateway', id: result.internetGatewayId },
    ],
  };
}

function natSubnetRoute(snapshot: VpcSnapshot, routing: SubnetRouting, selected: SelectedRoute | undefined): NatRouteProblem | { internetGatewayId: string } {
  const table = tableUse(routing);
  if (!selected) return { table, problem: 'no-route' };
  const target = routeTarget(selected.route);
  const targetId = target.kind === 'local' ? 'local' : target.id;
  if (target.kind !== 'internet-gateway') return { table, problem: 'not-an-internet-gateway', targetId };
  const gateway = snapshot.internetGateways.find((candidate) => candidate.InternetGatewayId === target.id);
  if (!gateway) return { table, problem: 'blackhole', targetId };
  const attachedTo = attachedVpcIds(gateway);
  if (!attachedTo.includes(vpcIdOf(snapshot))) return { table, problem: 'igw-not-attached', targetId, attachedVpcId: attachedTo[0] };
  if (selected.route.State === 'blackhole') return { table, problem: 'blackhole', targetId };
  return { internetGatewayId: target.id };
}

function throughGatewayEndpoint(taken: RouteTaken, vpcEndpointId: string): RouteOutcome {
  const endpoint = taken.snapshot.vpcEndpoints.find((candidate) => candidate.VpcEndpointId === vpcEndpointId);
  if (!endpoint) return blackhole(taken, vpcEndpointId, true);
  if (!endpointIs(endpoint, 'available')) return { finding: { code: 'VPC_ENDPOINT_NOT_AVAILABLE', vpcEndpointId, state: endpoint.State ?? 'unknown' } };
  if (taken.selected.route.State === 'blackhole') return blackhole(taken, vpcEndpointId, false);
  return { hops: [{ kind: 'vpc-endpoint', id: vpcEndpointId }] };
}
