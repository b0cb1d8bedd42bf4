import { CreateVpcCommand, DescribeAvailabilityZonesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type Subnet } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import type { KataClients, VpcGiven } from 'aws-basics-dojo';
import { check, kata, type SolvedKata } from 'aws-basics-dojo/testing';

type Solved = SolvedKata<VpcGiven, void>;

const k = kata<VpcGiven, void>({
  id: '03-subnets-in-two-azs',
  async setup({ clients }) {
    const { Vpc } = await clients.ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'kata-vpc' }] }] }),
    );
    if (!Vpc?.VpcId || !Vpc.CidrBlock) throw new Error(`CreateVpc answered without a VpcId or CidrBlock: ${JSON.stringify(Vpc)}`);
    return { vpcId: Vpc.VpcId, vpcCidr: Vpc.CidrBlock };
  },
});

// The article's subnet size: /20, mask 255.255.240.0.
const SUBNET_PREFIX = 20;
const SUBNET_MASK = '255.255.240.0';

// ---- address arithmetic, done here rather than trusted to the backend ----

interface Range {
  cidr: string;
  prefix: number;
  first: number;
  last: number;
}

const toInt = (address: ipaddr.IPv4) => address.octets.reduce((n, octet) => n * 256 + octet, 0);
const toAddress = (n: number) => [3, 2, 1, 0].map((i) => Math.floor(n / 256 ** i) % 256).join('.');
const count = (n: number) => n.toLocaleString('en-US');
const span = (range: Range) => `${toAddress(range.first)} – ${toAddress(range.last)}`;

/** The addresses of a CIDR block, or undefined when it is not an IPv4 block. */
function range(cidr: string | undefined): Range | undefined {
  if (!cidr || !ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  const [, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const first = toInt(ipaddr.IPv4.networkAddressFromCIDR(cidr));
  return { cidr, prefix, first, last: first + 2 ** (32 - prefix) - 1 };
}

/** The first `n` /20 blocks of `cidr`, for suggestions in messages. */
function firstBlocks(cidr: string, n: number): string[] {
  const whole = range(cidr);
  if (!whole || whole.prefix > SUBNET_PREFIX) return [];
  return Array.from({ length: n }, (_, i) => `${toAddress(whole.first + i * 2 ** (32 - SUBNET_PREFIX))}/${SUBNET_PREFIX}`);
}

// ---- reading the account back ----

async function subnetsWhere(clients: KataClients, vpcId?: string): Promise<Subnet[]> {
  const subnets: Subnet[] = [];
  let NextToken: string | undefined;
  do {
    const filters = vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : undefined;
    const page = await clients.ec2.send(new DescribeSubnetsCommand({ Filters: filters, NextToken }));
    subnets.push(...(page.Subnets ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return subnets;
}

const subnetsOfVpc = async ({ clients, given }: Solved) => (await subnetsWhere(clients, given.vpcId)).filter((s) => s.VpcId === given.vpcId);

const describe = (subnet: Subnet) => `subnet ${subnet.SubnetId} (${subnet.CidrBlock}, ${subnet.AvailabilityZone})`;
const bullets = (lines: string[]) => lines.map((line) => `- ${line}`).join('\n');
const orList = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/** A rule about "every subnet" needs subnets to look at. */
function requireSubnets(subnets: Subnet[], { given }: Solved, atLeast: number, what: string): void {
  check(
    subnets.length >= atLeast,
    `VPC ${given.vpcId} has ${subnets.length === 0 ? 'no subnets' : `only ${subnets.length} subnet`} so far, so ${what}. ` +
      "Create the subnets first (see the rule 'at least two subnets exist in the VPC').",
  );
}

// ---- the rules ----

k.test('at least two subnets exist in the VPC', async (solved) => {
  const { given, clients } = solved;
  const subnets = await subnetsOfVpc(solved);
  // Subnets the solution made in another VPC (the default VPC's own subnets are DefaultForAz).
  const elsewhere = (await subnetsWhere(clients)).filter((s) => s.VpcId !== given.vpcId && !s.DefaultForAz);
  const found = subnets.length === 0 ? 'no subnets' : `${subnets.length} subnet${subnets.length === 1 ? '' : 's'}: ${subnets.map(describe).join('; ')}`;
  const stray =
    elsewhere.length > 0
      ? ` These subnets are in another VPC: ${elsewhere.map((s) => `${describe(s)} in ${s.VpcId}`).join('; ')}. A subnet belongs to the VPC named by its VpcId: use ctx.given.vpcId (${given.vpcId}).`
      : '';
  check(
    subnets.length >= 2,
    `VPC ${given.vpcId} (${given.vpcCidr}) has ${found}. This kata asks for at least two subnets, each in a different Availability Zone ` +
      `(the article: 複数のサブネットを作成し、それぞれ異なるAZを指定). Create them with CreateSubnet in VpcId ${given.vpcId}.${stray}`,
  );
});

k.test(`every subnet is a /${SUBNET_PREFIX} (mask ${SUBNET_MASK})`, async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, 'there is no subnet size to check yet');
  const wrong = subnets
    .map((subnet) => ({ subnet, block: range(subnet.CidrBlock) }))
    .filter(({ block }) => block?.prefix !== SUBNET_PREFIX)
    .map(({ subnet, block }) =>
      block
        ? `${describe(subnet)} is a /${block.prefix} (${count(2 ** (32 - block.prefix))} addresses, mask ${ipaddr.IPv4.subnetMaskFromPrefixLength(block.prefix)})`
        : `${describe(subnet)} has no IPv4 CIDR block`,
    );
  const examples = firstBlocks(solved.given.vpcCidr, 2);
  check(
    wrong.length === 0,
    `${wrong.length} of ${subnets.length} subnets in VPC ${solved.given.vpcId} are not /${SUBNET_PREFIX}:\n${bullets(wrong)}\n` +
      `This kata asks for /${SUBNET_PREFIX} subnets (${count(2 ** (32 - SUBNET_PREFIX))} addresses, mask ${SUBNET_MASK}, the article's subnet). ` +
      `Create each subnet with a /${SUBNET_PREFIX} CidrBlock such as ${orList(examples)}.`,
  );
});

k.test("every subnet lies inside the VPC's CIDR block", async (solved) => {
  const { clients, given } = solved;
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, "there is no subnet to hold against the VPC's CIDR block yet");
  const { Vpcs } = await clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [given.vpcId] }));
  const vpc = Vpcs?.[0];
  const associated = (vpc?.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated').map((a) => a.CidrBlock);
  const vpcRanges = (associated.length > 0 ? associated : [vpc?.CidrBlock]).map(range).filter((r): r is Range => r !== undefined);
  const outside = subnets
    .map((subnet) => ({ subnet, block: range(subnet.CidrBlock) }))
    .filter(({ block }) => !block || !vpcRanges.some((v) => block.first >= v.first && block.last <= v.last))
    .map(({ subnet, block }) => `${describe(subnet)} covers ${block ? span(block) : 'no IPv4 addresses'}`);
  const vpcSpans = vpcRanges.map((v) => `${v.cidr} (${span(v)})`).join(' and ');
  check(
    outside.length === 0,
    `${outside.length} of ${subnets.length} subnets are not inside VPC ${given.vpcId}'s ${vpcSpans}:\n${bullets(outside)}\n` +
      `A subnet takes its addresses from its VPC's CIDR block (in the article's picture, the subnet's 20 network bits begin with the VPC's 16). ` +
      `Choose CidrBlocks within ${given.vpcCidr} (ctx.given.vpcCidr), such as ${orList(firstBlocks(given.vpcCidr, 2))}.`,
  );
});

k.test('no two subnets overlap', async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 2, 'there are no two subnets to compare yet');
  const blocks = subnets.map((subnet) => ({ subnet, block: range(subnet.CidrBlock) })).filter((b) => b.block !== undefined);
  const overlaps: string[] = [];
  blocks.forEach((a, i) =>
    blocks.slice(i + 1).forEach((b) => {
      const first = Math.max(a.block!.first, b.block!.first);
      const last = Math.min(a.block!.last, b.block!.last);
      if (first <= last) overlaps.push(`${describe(a.subnet)} and ${describe(b.subnet)} share ${toAddress(first)} – ${toAddress(last)}`);
    }),
  );
  const [one, two] = firstBlocks(solved.given.vpcCidr, 2);
  check(
    overlaps.length === 0,
    `Subnets of VPC ${solved.given.vpcId} overlap:\n${bullets(overlaps)}\n` +
      `Each address of a VPC belongs to at most one subnet: give every subnet its own /${SUBNET_PREFIX} block, e.g. ${one} and then the next one, ${two}.`,
  );
});

async function regionZones({ clients }: Solved): Promise<string[]> {
  const { AvailabilityZones } = await clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
  return (AvailabilityZones ?? []).filter((z) => z.ZoneType === undefined || z.ZoneType === 'availability-zone').map((z) => z.ZoneName ?? '');
}

k.test('every subnet is in an Availability Zone of the region', async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, 'there is no subnet whose Availability Zone could be checked yet');
  const zones = await regionZones(solved);
  const misplaced = subnets.filter((s) => !zones.includes(s.AvailabilityZone ?? '')).map((s) => `${describe(s)} is in '${s.AvailabilityZone}'`);
  check(
    misplaced.length === 0,
    `${misplaced.length} of ${subnets.length} subnets are not in an Availability Zone of ${solved.region}:\n${bullets(misplaced)}\n` +
      `The Availability Zones of ${solved.region} (DescribeAvailabilityZones) are ${zones.join(', ')}: give CreateSubnet one of them as AvailabilityZone.`,
  );
});

k.test('the subnets are in at least two different Availability Zones', async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, 'no Availability Zone is used yet');
  const used = [...new Set(subnets.map((s) => s.AvailabilityZone))];
  const others = (await regionZones(solved)).filter((zone) => !used.includes(zone));
  const found =
    subnets.length === 1
      ? `The only subnet of VPC ${solved.given.vpcId} is in ${used[0]}: ${describe(subnets[0])}.`
      : `All ${subnets.length} subnets of VPC ${solved.given.vpcId} are in the same Availability Zone, ${used[0]}: ${subnets.map(describe).join('; ')}.`;
  check(
    used.length >= 2,
    `${found} ` +
      `The subnets must be in different Availability Zones: the article creates several subnets, each in a different AZ (それぞれ異なるAZを指定), ` +
      `so that they are physically independent and the system stays up when one AZ fails. ` +
      `Put a subnet in another Availability Zone of ${solved.region}${others.length > 0 ? `, such as ${orList(others)}` : ''}.`,
  );
});
