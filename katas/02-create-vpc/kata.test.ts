import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import type { KataClients } from 'aws-basics-dojo';
import { check, kata, type SolvedKata } from 'aws-basics-dojo/testing';

const k = kata<Record<string, never>, string>({ id: '02-create-vpc' });

// The article's example: 10.0.0.0/16, whose mask is 255.255.0.0.
const WANTED_CIDR = '10.0.0.0/16';
const WANTED_NAME = 'kata-vpc';

async function allVpcs(clients: KataClients): Promise<Vpc[]> {
  const vpcs: Vpc[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients.ec2.send(new DescribeVpcsCommand({ NextToken }));
    vpcs.push(...(page.Vpcs ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return vpcs;
}

const nameTag = (vpc: Vpc) => vpc.Tags?.find((tag) => tag.Key === 'Name')?.Value;

function describe(vpc: Vpc): string {
  const name = nameTag(vpc);
  const notes = [vpc.CidrBlock, vpc.IsDefault ? 'the default VPC' : undefined, name !== undefined ? `Name=${name}` : 'no Name tag'];
  return `${vpc.VpcId} (${notes.filter(Boolean).join(', ')})`;
}

const listed = (vpcs: Vpc[]) => (vpcs.length === 0 ? 'none' : vpcs.map(describe).join('; '));

/** The VPC whose id solve() returned, or a failure that says what came back instead. */
async function returnedVpc({ result, clients, accountId }: SolvedKata<Record<string, never>, string>, purpose: string): Promise<Vpc> {
  const vpcs = await allVpcs(clients);
  const vpc = typeof result === 'string' ? vpcs.find((candidate) => candidate.VpcId === result) : undefined;
  if (vpc) return vpc;
  const created = vpcs.filter((candidate) => !candidate.IsDefault);
  const next =
    created.length > 0
      ? `The account does have ${created.length === 1 ? 'the VPC' : 'the VPCs'} ${listed(created)}: return the VpcId your solve() created.`
      : 'The account has no VPC but its default one: create the VPC with the EC2 API, then return its VpcId.';
  const what =
    typeof result !== 'string'
      ? (JSON.stringify(result) ?? String(result))
      : result.length === 0
        ? "'' (an empty string)"
        : `'${result}', which is not the id of a VPC in account ${accountId}`;
  check(false, `${purpose}: solve() returned ${what}. It must return the id of the VPC it created (a VpcId such as vpc-0abc1234). ${next}`);
}

k.test('solve() returns the id of a VPC that exists', async (solved) => {
  await returnedVpc(solved, 'No VPC to check');
});

k.test(`the VPC's CIDR block is ${WANTED_CIDR}`, async (solved) => {
  const vpc = await returnedVpc(solved, 'Cannot check the CIDR block');
  const seen = vpc.CidrBlock ?? '';
  const [wantedAddress, wantedPrefix] = ipaddr.IPv4.parseCIDR(WANTED_CIDR);
  const valid = ipaddr.IPv4.isValidCIDRFourPartDecimal(seen);
  const [address, prefix] = valid ? ipaddr.IPv4.parseCIDR(seen) : [undefined, undefined];
  const same = prefix === wantedPrefix && address !== undefined && address.match(wantedAddress, wantedPrefix);
  const about =
    prefix === undefined
      ? `'${seen}', not an IPv4 CIDR block`
      : `${seen}: a /${prefix} (${(2 ** (32 - prefix)).toLocaleString('en-US')} addresses, mask ${ipaddr.IPv4.subnetMaskFromPrefixLength(prefix)})` +
        (prefix === wantedPrefix ? `, but its network part is ${ipaddr.IPv4.networkAddressFromCIDR(seen)}, not ${wantedAddress}` : '');
  check(
    same,
    `VPC ${vpc.VpcId} has the CIDR block ${about}. This kata asks for the article's ${WANTED_CIDR}: the first 16 bits (10.0) are the network part, ` +
      `mask 255.255.0.0, 65,536 addresses. A VPC's CIDR block is fixed when it is created: create the VPC with CidrBlock '${WANTED_CIDR}'.`,
  );
});

k.test(`the VPC carries the tag Name=${WANTED_NAME}`, async (solved) => {
  const vpc = await returnedVpc(solved, 'Cannot check the Name tag');
  const tags = vpc.Tags ?? [];
  const name = nameTag(vpc);
  const nearlyName = tags.find((tag) => tag.Key !== 'Name' && tag.Key?.trim().toLowerCase() === 'name');
  const found =
    name !== undefined
      ? `its Name tag is '${name}'`
      : nearlyName
        ? `it has the tag ${nearlyName.Key}=${nearlyName.Value}, but tag keys are case-sensitive: the name is the key 'Name'`
        : tags.length > 0
          ? `it has no Name tag (its tags: ${tags.map((tag) => `${tag.Key}=${tag.Value}`).join(', ')})`
          : 'it has no tags';
  check(
    name === WANTED_NAME,
    `VPC ${vpc.VpcId}: ${found}. This kata asks for the tag Name=${WANTED_NAME} (key 'Name', value '${WANTED_NAME}'), the VPC's name that the article sets ` +
      `when it creates the VPC. Tag the VPC when you create it (TagSpecifications) or afterwards (CreateTags).`,
  );
});

k.test(`exactly one VPC in the account is named ${WANTED_NAME}`, async ({ clients, accountId }) => {
  const vpcs = await allVpcs(clients);
  const named = vpcs.filter((vpc) => nameTag(vpc) === WANTED_NAME);
  check(
    named.length === 1,
    named.length === 0
      ? `No VPC in account ${accountId} carries the tag Name=${WANTED_NAME}. VPCs in the account: ${listed(vpcs)}. Create one VPC and tag it Name=${WANTED_NAME}.`
      : `${named.length} VPCs in account ${accountId} carry the tag Name=${WANTED_NAME}: ${listed(named)}. A name should point at one VPC: create the VPC once.`,
  );
});
