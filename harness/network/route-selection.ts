import type { Route, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import { cidrContains, prefixLength } from './cidr';
import type { RouteTableUse } from './findings';
import { endpointIs } from './vpc-endpoints';
import type { VpcSnapshot } from './vpc-model';

/** The route table a subnet uses, with the routes it really has. */
export interface SubnetRouting extends RouteTableUse {
  routes: Route[];
}

/** What a route's traffic is matched against: an address, and for an AWS service its endpoint service name. */
export interface RouteQuery {
  address: string;
  /** com.amazonaws.<region>.<service>, for an AWS service: a gateway endpoint's prefix-list route matches it. */
  serviceName?: string;
}

export interface SelectedRoute {
  route: Route;
  /** The route's destination as EC2 shows it: a CIDR block or a prefix list id. */
  destination: string;
}

export type RouteTarget =
  | { kind: 'local' }
  | { kind: 'internet-gateway'; id: string }
  | { kind: 'nat-gateway'; id: string }
  | { kind: 'gateway-endpoint'; id: string }
  /** Peering, transit gateway, virtual private gateway, an instance or ENI…: nothing the dojo reaches through. */
  | { kind: 'other'; id: string };

function isAssociated(association: { AssociationState?: { State?: string } }): boolean {
  const state = association.AssociationState?.State;
  return state === undefined || state === 'associated';
}

/** The subnet's explicitly associated route table, else the VPC's main one. */
export function routingOfSubnet(snapshot: VpcSnapshot, subnetId: string): SubnetRouting {
  const explicit = snapshot.routeTables.find((table) =>
    (table.Associations ?? []).some((association) => association.SubnetId === subnetId && isAssociated(association)),
  );
  const main = snapshot.routeTables.find((table) =>
    (table.Associations ?? []).some((association) => association.Main === true && isAssociated(association)),
  );
  const table = explicit ?? main;
  if (!table?.RouteTableId) {
    throw new Error(`Subnet ${subnetId} has no route table: it has no association and VPC ${snapshot.vpc.VpcId} has no main route table in the snapshot.`);
  }
  return { routeTableId: table.RouteTableId, subnetId, main: !explicit, routes: effectiveRoutes(snapshot, table) };
}

/**
 * The table's routes, plus the prefix-list route of each gateway endpoint associated with the table
 * when the table does not show it: EC2 adds that route on association, but moto adds it only when
 * the endpoint is created with the table, not when a table is added later (ModifyVpcEndpoint).
 */
function effectiveRoutes(snapshot: VpcSnapshot, table: RouteTable): Route[] {
  const routes = table.Routes ?? [];
  const missing = snapshot.vpcEndpoints
    .filter((endpoint) => isGatewayEndpoint(endpoint) && endpoint.VpcEndpointId && (endpoint.RouteTableIds ?? []).includes(table.RouteTableId ?? ''))
    .filter((endpoint) => !routes.some((route) => route.GatewayId === endpoint.VpcEndpointId))
    .map(
      (endpoint): Route => ({
        DestinationPrefixListId: snapshot.prefixLists.find((list) => list.PrefixListName === endpoint.ServiceName)?.PrefixListId,
        GatewayId: endpoint.VpcEndpointId,
        State: 'active',
      }),
    );
  return [...routes, ...missing];
}

function isGatewayEndpoint(endpoint: VpcEndpoint): boolean {
  return endpoint.VpcEndpointType?.toLowerCase() === 'gateway' && !endpointIs(endpoint, 'deleted');
}

/** Longest prefix match over the routes' CIDR blocks and prefix lists; undefined when none matches. */
export function selectRoute(snapshot: VpcSnapshot, routes: Route[], query: RouteQuery): SelectedRoute | undefined {
  let best: { selected: SelectedRoute; length: number } | undefined;
  for (const route of routes) {
    const match = matchRoute(snapshot, route, query);
    if (match && (!best || match.length > best.length)) best = match;
  }
  return best?.selected;
}

function matchRoute(snapshot: VpcSnapshot, route: Route, query: RouteQuery): { selected: SelectedRoute; length: number } | undefined {
  if (route.DestinationCidrBlock) {
    if (!cidrContains(route.DestinationCidrBlock, query.address)) return undefined;
    return { selected: { route, destination: route.DestinationCidrBlock }, length: prefixLength(route.DestinationCidrBlock) };
  }
  if (route.DestinationPrefixListId || route.GatewayId?.startsWith('vpce-')) {
    const length = prefixListMatch(snapshot, route, query);
    if (length === undefined) return undefined;
    return { selected: { route, destination: route.DestinationPrefixListId ?? route.GatewayId ?? '' }, length };
  }
  return undefined;
}

/**
 * How specifically a prefix-list route matches, or undefined. EC2 ranks it by the list's CIDRs;
 * the harness's service addresses are stand-ins outside them, so a list made for the queried service
 * (or a gateway endpoint for it) matches with the rank of its most specific CIDR, or just above
 * 0.0.0.0/0 when the list comes without CIDRs (moto's DescribePrefixLists gives none).
 */
function prefixListMatch(snapshot: VpcSnapshot, route: Route, query: RouteQuery): number | undefined {
  const list = snapshot.prefixLists.find((candidate) => candidate.PrefixListId === route.DestinationPrefixListId);
  const cidrs = list?.Cidrs ?? [];
  const containing = cidrs.filter((cidr) => cidrContains(cidr, query.address));
  if (containing.length > 0) return Math.max(...containing.map(prefixLength));
  const endpoint = snapshot.vpcEndpoints.find((candidate) => candidate.VpcEndpointId === route.GatewayId);
  const serviceName = list?.PrefixListName ?? endpoint?.ServiceName;
  if (!query.serviceName || serviceName !== query.serviceName) return undefined;
  return cidrs.length > 0 ? Math.max(...cidrs.map(prefixLength)) : 1;
}

/** Where a route sends its traffic. */
export function routeTarget(route: Route): RouteTarget {
  const gatewayId = route.GatewayId;
  if (gatewayId === 'local') return { kind: 'local' };
  if (gatewayId?.startsWith('igw-')) return { kind: 'internet-gateway', id: gatewayId };
  if (gatewayId?.startsWith('vpce-')) return { kind: 'gateway-endpoint', id: gatewayId };
  if (route.NatGatewayId) return { kind: 'nat-gateway', id: route.NatGatewayId };
  const other =
    gatewayId ??
    route.TransitGatewayId ??
    route.VpcPeeringConnectionId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.EgressOnlyInternetGatewayId ??
    route.CarrierGatewayId ??
    route.LocalGatewayId ??
    route.CoreNetworkArn ??
    'unknown';
  return { kind: 'other', id: other };
}
