import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { assignableAddress } from './cidr';
import type { BypassedEndpoint } from './findings';
import type { VpcSnapshot } from './vpc-model';

/** The name a VPC endpoint is created for: com.amazonaws.<region>.<service>. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/** EC2 writes endpoint states capitalised (Available), moto lower case. */
export function endpointIs(endpoint: VpcEndpoint, state: string): boolean {
  return endpoint.State?.toLowerCase() === state;
}

export type EndpointChoice = { captures: VpcEndpoint } | { captures?: undefined; bypassed?: BypassedEndpoint };

/**
 * The interface endpoint that the service's regional name resolves to inside the VPC: one with
 * private DNS, in a VPC with both DNS attributes on (the private hosted zone needs them). An
 * interface endpoint without that leaves the name on its public address: it is reported as bypassed.
 */
export function interfaceEndpointFor(snapshot: VpcSnapshot, service: string): EndpointChoice {
  const serviceName = endpointServiceName(snapshot.region, service);
  const candidates = snapshot.vpcEndpoints.filter(
    (endpoint) => endpoint.VpcEndpointType?.toLowerCase() === 'interface' && endpoint.ServiceName === serviceName && !endpointIs(endpoint, 'deleted'),
  );
  const withPrivateDns = candidates.find((endpoint) => endpoint.PrivateDnsEnabled === true);
  if (withPrivateDns && snapshot.enableDnsSupport && snapshot.enableDnsHostnames) return { captures: withPrivateDns };
  const bypassedEndpoint = withPrivateDns ?? candidates[0];
  if (!bypassedEndpoint?.VpcEndpointId) return {};
  return {
    bypassed: { vpcEndpointId: bypassedEndpoint.VpcEndpointId, why: withPrivateDns ? 'dns-hostnames-disabled' : 'private-dns-disabled' },
  };
}

/**
 * Where the task meets the endpoint: its network interface in the task's Availability Zone, else
 * its first subnet. The interface's own address is not in the snapshot (and moto makes it up
 * outside the subnet), so the model places it at the subnet's second assignable address (the
 * first is where a task without a known address is placed).
 */
export function endpointInterface(snapshot: VpcSnapshot, endpoint: VpcEndpoint, availabilityZone: string | undefined): { subnetId: string; address: string } | undefined {
  const subnets = snapshot.subnets.filter((subnet) => subnet.SubnetId !== undefined && subnet.CidrBlock !== undefined && (endpoint.SubnetIds ?? []).includes(subnet.SubnetId));
  const subnet = subnets.find((candidate) => candidate.AvailabilityZone === availabilityZone) ?? subnets[0];
  if (!subnet?.SubnetId || !subnet.CidrBlock) return undefined;
  return { subnetId: subnet.SubnetId, address: assignableAddress(subnet.CidrBlock, 1) };
}

/** The endpoint's security group ids: none means the VPC's default group, as CreateVpcEndpoint gives (see securityGroupsByIds). */
export function endpointGroupIds(endpoint: VpcEndpoint): string[] {
  return (endpoint.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : []));
}
