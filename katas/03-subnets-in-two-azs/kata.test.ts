import { CreateVpcCommand, DescribeAvailabilityZonesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type Subnet } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import type { KataClients, VpcGiven } from 'aws-basics-dojo';
import { check, kata, type Bilingual, type SolvedKata } from 'aws-basics-dojo/testing';

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

// ---- the learner's messages, in English and Japanese ----

/** "subnet subnet-0abc (10.0.0.0/20, ap-northeast-1a)", in each language. */
const describe = (subnet: Subnet): Bilingual => ({
  en: `subnet ${subnet.SubnetId} (${subnet.CidrBlock}, ${subnet.AvailabilityZone})`,
  ja: `サブネット ${subnet.SubnetId} (${subnet.CidrBlock}、${subnet.AvailabilityZone})`,
});

/** The texts joined, each language with its own separator. */
const joined = (texts: Bilingual[], en: string, ja: string): Bilingual => ({ en: texts.map((t) => t.en).join(en), ja: texts.map((t) => t.ja).join(ja) });
const bullets = (lines: Bilingual[]) => joined(lines.map((line) => ({ en: `- ${line.en}`, ja: `- ${line.ja}` })), '\n', '\n');
/** CIDR blocks or AZ names to choose from: "a, b or c" / "a、b、c". */
const orList = (items: string[]): Bilingual => ({
  en: items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`,
  ja: items.join('、'),
});
/** "(例: a、b)" after a Japanese instruction, when there are examples to give. */
const examplesJa = (items: string[]) => (items.length > 0 ? `(例: ${orList(items).ja})` : '');

/** A rule about "every subnet" needs subnets to look at; `what` says what cannot be checked yet. */
function requireSubnets(subnets: Subnet[], { given }: Solved, atLeast: number, what: Bilingual): void {
  check(subnets.length >= atLeast, {
    en:
      `VPC ${given.vpcId} has ${subnets.length === 0 ? 'no subnets' : `only ${subnets.length} subnet`} so far, so ${what.en}. ` +
      "Create the subnets first (see the rule 'at least two subnets exist in the VPC').",
    ja:
      `VPC ${given.vpcId} には今のところ${subnets.length === 0 ? 'サブネットがありません' : `サブネットが ${subnets.length} 個しかありません`}。そのため、${what.ja}。` +
      '先にサブネットを作成してください(ルール「at least two subnets exist in the VPC」(VPC にサブネットが 2 つ以上あること)を参照)。',
  });
}

// ---- the rules ----

k.test('at least two subnets exist in the VPC', async (solved) => {
  const { given, clients } = solved;
  const subnets = await subnetsOfVpc(solved);
  // Subnets the solution made in another VPC (the default VPC's own subnets are DefaultForAz).
  const elsewhere = (await subnetsWhere(clients)).filter((s) => s.VpcId !== given.vpcId && !s.DefaultForAz);
  const listed = joined(subnets.map(describe), '; ', '、');
  const found: Bilingual =
    subnets.length === 0
      ? { en: 'has no subnets', ja: 'にはサブネットがありません' }
      : { en: `has ${subnets.length} subnet${subnets.length === 1 ? '' : 's'}: ${listed.en}`, ja: `にはサブネットが ${subnets.length} 個しかありません: ${listed.ja}` };
  const strays = joined(
    elsewhere.map((s) => ({ en: `${describe(s).en} in ${s.VpcId}`, ja: `${s.VpcId} の${describe(s).ja}` })),
    '; ',
    '、',
  );
  const stray: Bilingual =
    elsewhere.length > 0
      ? {
          en: ` These subnets are in another VPC: ${strays.en}. A subnet belongs to the VPC named by its VpcId: use ctx.given.vpcId (${given.vpcId}).`,
          ja: `次のサブネットは別の VPC にあります: ${strays.ja}。サブネットは VpcId で指定した VPC に属します。ctx.given.vpcId (${given.vpcId}) を使ってください。`,
        }
      : { en: '', ja: '' };
  check(subnets.length >= 2, {
    en:
      `VPC ${given.vpcId} (${given.vpcCidr}) ${found.en}. This kata asks for at least two subnets, each in a different Availability Zone ` +
      `(the article: 複数のサブネットを作成し、それぞれ異なるAZを指定). Create them with CreateSubnet in VpcId ${given.vpcId}.${stray.en}`,
    ja:
      `VPC ${given.vpcId} (${given.vpcCidr}) ${found.ja}。このカタでは、それぞれ異なるアベイラビリティーゾーン (AZ) に置いたサブネットが 2 つ以上必要です` +
      `(記事:「複数のサブネットを作成し、それぞれ異なるAZを指定」)。CreateSubnet で VpcId に ${given.vpcId} を指定して作成してください。${stray.ja}`,
  });
});

k.test(`every subnet is a /${SUBNET_PREFIX} (mask ${SUBNET_MASK})`, async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, { en: 'there is no subnet size to check yet', ja: 'サブネットのサイズはまだ確認できません' });
  const wrong = subnets
    .map((subnet) => ({ subnet, block: range(subnet.CidrBlock) }))
    .filter(({ block }) => block?.prefix !== SUBNET_PREFIX)
    .map(({ subnet, block }): Bilingual => {
      if (!block) return { en: `${describe(subnet).en} has no IPv4 CIDR block`, ja: `${describe(subnet).ja} には IPv4 の CIDR ブロックがありません` };
      const addresses = count(2 ** (32 - block.prefix));
      const mask = ipaddr.IPv4.subnetMaskFromPrefixLength(block.prefix);
      return {
        en: `${describe(subnet).en} is a /${block.prefix} (${addresses} addresses, mask ${mask})`,
        ja: `${describe(subnet).ja} は /${block.prefix} です(アドレス ${addresses} 個、マスク ${mask})`,
      };
    });
  const examples = firstBlocks(solved.given.vpcCidr, 2);
  const subnetSize = count(2 ** (32 - SUBNET_PREFIX));
  check(wrong.length === 0, {
    en:
      `${wrong.length} of ${subnets.length} subnets in VPC ${solved.given.vpcId} are not /${SUBNET_PREFIX}:\n${bullets(wrong).en}\n` +
      `This kata asks for /${SUBNET_PREFIX} subnets (${subnetSize} addresses, mask ${SUBNET_MASK}, the article's subnet). ` +
      `Create each subnet with a /${SUBNET_PREFIX} CidrBlock such as ${orList(examples).en}.`,
    ja:
      `VPC ${solved.given.vpcId} のサブネット ${subnets.length} 個のうち ${wrong.length} 個が /${SUBNET_PREFIX} ではありません:\n${bullets(wrong).ja}\n` +
      `このカタでは、記事のサブネットと同じ /${SUBNET_PREFIX}(アドレス ${subnetSize} 個、マスク ${SUBNET_MASK})のサブネットが必要です。` +
      `どのサブネットも /${SUBNET_PREFIX} の CidrBlock で作成してください${examplesJa(examples)}。`,
  });
});

k.test("every subnet lies inside the VPC's CIDR block", async (solved) => {
  const { clients, given } = solved;
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, {
    en: "there is no subnet to hold against the VPC's CIDR block yet",
    ja: 'VPC の CIDR ブロックと照らし合わせるサブネットがまだありません',
  });
  const { Vpcs } = await clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [given.vpcId] }));
  const vpc = Vpcs?.[0];
  const associated = (vpc?.CidrBlockAssociationSet ?? []).filter((a) => a.CidrBlockState?.State === 'associated').map((a) => a.CidrBlock);
  const vpcRanges = (associated.length > 0 ? associated : [vpc?.CidrBlock]).map(range).filter((r): r is Range => r !== undefined);
  const outside = subnets
    .map((subnet) => ({ subnet, block: range(subnet.CidrBlock) }))
    .filter(({ block }) => !block || !vpcRanges.some((v) => block.first >= v.first && block.last <= v.last))
    .map(({ subnet, block }): Bilingual =>
      block
        ? { en: `${describe(subnet).en} covers ${span(block)}`, ja: `${describe(subnet).ja} の範囲は ${span(block)} です` }
        : { en: `${describe(subnet).en} covers no IPv4 addresses`, ja: `${describe(subnet).ja} には IPv4 アドレスがありません` },
    );
  const vpcSpans = joined(
    vpcRanges.map((v) => ({ en: `${v.cidr} (${span(v)})`, ja: `${v.cidr} (${span(v)})` })),
    ' and ',
    ' と ',
  );
  const examples = firstBlocks(given.vpcCidr, 2);
  check(outside.length === 0, {
    en:
      `${outside.length} of ${subnets.length} subnets are not inside VPC ${given.vpcId}'s ${vpcSpans.en}:\n${bullets(outside).en}\n` +
      `A subnet takes its addresses from its VPC's CIDR block (in the article's picture, the subnet's 20 network bits begin with the VPC's 16). ` +
      `Choose CidrBlocks within ${given.vpcCidr} (ctx.given.vpcCidr), such as ${orList(examples).en}.`,
    ja:
      `サブネット ${subnets.length} 個のうち ${outside.length} 個が、VPC ${given.vpcId} の ${vpcSpans.ja} の中にありません:\n${bullets(outside).ja}\n` +
      `サブネットのアドレスは VPC の CIDR ブロックから割り当てます(記事の図では、サブネットのネットワーク部 20 ビットのうち先頭の 16 ビットが VPC のネットワーク部です)。` +
      `CidrBlock は ${given.vpcCidr}(ctx.given.vpcCidr)の中から選んでください${examplesJa(examples)}。`,
  });
});

k.test('no two subnets overlap', async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 2, { en: 'there are no two subnets to compare yet', ja: '比べる 2 つのサブネットがまだありません' });
  const blocks = subnets.map((subnet) => ({ subnet, block: range(subnet.CidrBlock) })).filter((b) => b.block !== undefined);
  const overlaps: Bilingual[] = [];
  blocks.forEach((a, i) =>
    blocks.slice(i + 1).forEach((b) => {
      const first = Math.max(a.block!.first, b.block!.first);
      const last = Math.min(a.block!.last, b.block!.last);
      if (first > last) return;
      const shared = `${toAddress(first)} – ${toAddress(last)}`;
      overlaps.push({
        en: `${describe(a.subnet).en} and ${describe(b.subnet).en} share ${shared}`,
        ja: `${describe(a.subnet).ja} と ${describe(b.subnet).ja} は ${shared} が重なっています`,
      });
    }),
  );
  const [one, two] = firstBlocks(solved.given.vpcCidr, 2);
  check(overlaps.length === 0, {
    en:
      `Subnets of VPC ${solved.given.vpcId} overlap:\n${bullets(overlaps).en}\n` +
      `Each address of a VPC belongs to at most one subnet: give every subnet its own /${SUBNET_PREFIX} block, e.g. ${one} and then the next one, ${two}.`,
    ja:
      `VPC ${solved.given.vpcId} のサブネットが重なっています:\n${bullets(overlaps).ja}\n` +
      `VPC のアドレスは、それぞれ 1 つのサブネットにしか属せません。サブネットごとに別々の /${SUBNET_PREFIX} ブロックを割り当ててください。例えば ${one}、その次は ${two} です。`,
  });
});

async function regionZones({ clients }: Solved): Promise<string[]> {
  const { AvailabilityZones } = await clients.ec2.send(new DescribeAvailabilityZonesCommand({}));
  return (AvailabilityZones ?? []).filter((z) => z.ZoneType === undefined || z.ZoneType === 'availability-zone').map((z) => z.ZoneName ?? '');
}

k.test('every subnet is in an Availability Zone of the region', async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, {
    en: 'there is no subnet whose Availability Zone could be checked yet',
    ja: 'アベイラビリティーゾーン (AZ) を確認できるサブネットがまだありません',
  });
  const zones = await regionZones(solved);
  const misplaced = subnets
    .filter((s) => !zones.includes(s.AvailabilityZone ?? ''))
    .map((s): Bilingual => ({ en: `${describe(s).en} is in '${s.AvailabilityZone}'`, ja: `${describe(s).ja} の AZ は '${s.AvailabilityZone}' です` }));
  check(misplaced.length === 0, {
    en:
      `${misplaced.length} of ${subnets.length} subnets are not in an Availability Zone of ${solved.region}:\n${bullets(misplaced).en}\n` +
      `The Availability Zones of ${solved.region} (DescribeAvailabilityZones) are ${zones.join(', ')}: give CreateSubnet one of them as AvailabilityZone.`,
    ja:
      `サブネット ${subnets.length} 個のうち ${misplaced.length} 個が、${solved.region} のアベイラビリティーゾーン (AZ) にありません:\n${bullets(misplaced).ja}\n` +
      `${solved.region} の AZ は ${zones.join('、')} です(DescribeAvailabilityZones)。CreateSubnet の AvailabilityZone には、このいずれかを指定してください。`,
  });
});

k.test('the subnets are in at least two different Availability Zones', async (solved) => {
  const subnets = await subnetsOfVpc(solved);
  requireSubnets(subnets, solved, 1, { en: 'no Availability Zone is used yet', ja: 'まだどの AZ も使われていません' });
  const used = [...new Set(subnets.map((s) => s.AvailabilityZone))];
  const others = (await regionZones(solved)).filter((zone) => !used.includes(zone));
  const vpcId = solved.given.vpcId;
  const listed = joined(subnets.map(describe), '; ', '、');
  const found: Bilingual =
    subnets.length === 1
      ? {
          en: `The only subnet of VPC ${vpcId} is in ${used[0]}: ${describe(subnets[0]).en}.`,
          ja: `VPC ${vpcId} のサブネットは ${used[0]} にある 1 個だけです: ${describe(subnets[0]).ja}。`,
        }
      : {
          en: `All ${subnets.length} subnets of VPC ${vpcId} are in the same Availability Zone, ${used[0]}: ${listed.en}.`,
          ja: `VPC ${vpcId} のサブネット ${subnets.length} 個が、すべて同じ AZ ${used[0]} にあります: ${listed.ja}。`,
        };
  check(used.length >= 2, {
    en:
      `${found.en} ` +
      `The subnets must be in different Availability Zones: the article creates several subnets, each in a different AZ (それぞれ異なるAZを指定), ` +
      `so that they are physically independent and the system stays up when one AZ fails. ` +
      `Put a subnet in another Availability Zone of ${solved.region}${others.length > 0 ? `, such as ${orList(others).en}` : ''}.`,
    ja:
      `${found.ja}` +
      `サブネットは異なるアベイラビリティーゾーン (AZ) に置く必要があります。記事では複数のサブネットを作成し、「それぞれ異なるAZを指定」しています。` +
      `物理的に独立したネットワーク環境にして、1 つの AZ に障害が起きてもシステムが止まらないようにするためです。` +
      `${solved.region} の別の AZ にサブネットを作成してください${examplesJa(others)}。`,
  });
});
