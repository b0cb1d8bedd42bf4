import { CreateSubnetCommand, DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import type { KataContext, VpcGiven } from 'aws-basics-dojo';

/** The i-th block of `prefix` bits inside `cidr`: ('10.0.0.0/16', 20, 1) → '10.0.16.0/20'. */
function block(cidr: string, prefix: number, i: number): string {
  const start = ipaddr.IPv4.networkAddressFromCIDR(cidr).octets.reduce((n, octet) => n * 256 + octet, 0);
  const n = start + i * 2 ** (32 - prefix);
  return `${[3, 2, 1, 0].map((k) => Math.floor(n / 256 ** k) % 256).join('.')}/${prefix}`;
}

export default async function solve(ctx: KataContext<VpcGiven>): Promise<void> {
  const { AvailabilityZones = [] } = await ctx.clients.ec2.send(
    new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
  );
  const zones = AvailabilityZones.filter((zone) => (zone.ZoneType ?? 'availability-zone') === 'availability-zone').map((zone) => zone.ZoneName!);
  if (zones.length < 2) throw new Error(`${ctx.region} offers fewer than two Availability Zones: ${zones.join(', ')}`);

  for (const [i, zone] of zones.slice(0, 2).entries()) {
    await ctx.clients.ec2.send(
      new CreateSubnetCommand({ VpcId: ctx.given.vpcId, CidrBlock: block(ctx.given.vpcCidr, 20, i), AvailabilityZone: zone }),
    );
  }
}
