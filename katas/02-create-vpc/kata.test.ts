import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import type { KataClients } from 'aws-basics-dojo';
import { check, kata, type Bilingual, type SolvedKata } from 'aws-basics-dojo/testing';

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

/** "vpc-0abc (10.0.0.0/16, Name=kata-vpc)", in each language. */
function describe(vpc: Vpc): Bilingual {
  const name = nameTag(vpc);
  const notes = (defaultVpc: string, noName: string) =>
    [vpc.CidrBlock, vpc.IsDefault ? defaultVpc : undefined, name !== undefined ? `Name=${name}` : noName].filter(Boolean);
  return {
    en: `${vpc.VpcId} (${notes('the default VPC', 'no Name tag').join(', ')})`,
    ja: `${vpc.VpcId} (${notes('デフォルト VPC', 'Name タグなし').join('、')})`,
  };
}

function listed(vpcs: Vpc[]): Bilingual {
  const described = vpcs.map(describe);
  return vpcs.length === 0
    ? { en: 'none', ja: 'なし' }
    : { en: described.map((d) => d.en).join('; '), ja: described.map((d) => d.ja).join('、') };
}

/** The VPC whose id solve() returned, or a failure that says what came back instead. */
async function returnedVpc({ result, clients, accountId }: SolvedKata<Record<string, never>, string>, purpose: Bilingual): Promise<Vpc> {
  const vpcs = await allVpcs(clients);
  const vpc = typeof result === 'string' ? vpcs.find((candidate) => candidate.VpcId === result) : undefined;
  if (vpc) return vpc;
  const created = vpcs.filter((candidate) => !candidate.IsDefault);
  const next: Bilingual =
    created.length > 0
      ? {
          en: `The account does have ${created.length === 1 ? 'the VPC' : 'the VPCs'} ${listed(created).en}: return the VpcId your solve() created.`,
          ja: `アカウントには VPC ${listed(created).ja} があります。solve() で作成した VPC の VpcId を返してください。`,
        }
      : {
          en: 'The account has no VPC but its default one: create the VPC with the EC2 API, then return its VpcId.',
          ja: 'アカウントにはデフォルト VPC しかありません。EC2 API で VPC を作成し、その VpcId を返してください。',
        };
  // What solve() returned, as the sentence "solve() returned …" / "solve() が…" continues.
  const returned: Bilingual =
    typeof result !== 'string'
      ? { en: `solve() returned ${JSON.stringify(result) ?? String(result)}`, ja: `solve() が ${JSON.stringify(result) ?? String(result)} を返しました` }
      : result.length === 0
        ? { en: "solve() returned '' (an empty string)", ja: "solve() が空文字列 '' を返しました" }
        : {
            en: `solve() returned '${result}', which is not the id of a VPC in account ${accountId}`,
            ja: `solve() が '${result}' を返しましたが、アカウント ${accountId} にこの ID の VPC はありません`,
          };
  check(false, {
    en: `${purpose.en}: ${returned.en}. It must return the id of the VPC it created (a VpcId such as vpc-0abc1234). ${next.en}`,
    ja: `${purpose.ja}: ${returned.ja}。作成した VPC の ID(vpc-0abc1234 のような VpcId)を返す必要があります。${next.ja}`,
  });
}

k.test('solve() returns the id of a VPC that exists', async (solved) => {
  await returnedVpc(solved, { en: 'No VPC to check', ja: '確認する VPC がありません' });
});

k.test(`the VPC's CIDR block is ${WANTED_CIDR}`, async (solved) => {
  const vpc = await returnedVpc(solved, { en: 'Cannot check the CIDR block', ja: 'CIDR ブロックを確認できません' });
  const seen = vpc.CidrBlock ?? '';
  const [wantedAddress, wantedPrefix] = ipaddr.IPv4.parseCIDR(WANTED_CIDR);
  const valid = ipaddr.IPv4.isValidCIDRFourPartDecimal(seen);
  const [address, prefix] = valid ? ipaddr.IPv4.parseCIDR(seen) : [undefined, undefined];
  const same = prefix === wantedPrefix && address !== undefined && address.match(wantedAddress, wantedPrefix);
  // The sentence "VPC … has the CIDR block …" / "VPC … の CIDR ブロックは…".
  let about: Bilingual;
  if (prefix === undefined) {
    about = { en: `'${seen}', not an IPv4 CIDR block`, ja: `'${seen}' で、IPv4 の CIDR ブロックではありません` };
  } else {
    const addresses = (2 ** (32 - prefix)).toLocaleString('en-US');
    const mask = ipaddr.IPv4.subnetMaskFromPrefixLength(prefix);
    const network = ipaddr.IPv4.networkAddressFromCIDR(seen);
    about =
      prefix === wantedPrefix
        ? {
            en: `${seen}: a /${prefix} (${addresses} addresses, mask ${mask}), but its network part is ${network}, not ${wantedAddress}`,
            ja: `${seen}、つまり /${prefix}(アドレス ${addresses} 個、マスク ${mask})ですが、ネットワーク部が ${wantedAddress} ではなく ${network} です`,
          }
        : { en: `${seen}: a /${prefix} (${addresses} addresses, mask ${mask})`, ja: `${seen}、つまり /${prefix}(アドレス ${addresses} 個、マスク ${mask})です` };
  }
  check(same, {
    en:
      `VPC ${vpc.VpcId} has the CIDR block ${about.en}. This kata asks for the article's ${WANTED_CIDR}: the first 16 bits (10.0) are the network part, ` +
      `mask 255.255.0.0, 65,536 addresses. A VPC's CIDR block is fixed when it is created: create the VPC with CidrBlock '${WANTED_CIDR}'.`,
    ja:
      `VPC ${vpc.VpcId} の CIDR ブロックは ${about.ja}。このカタでは記事と同じ ${WANTED_CIDR} が必要です。先頭の 16 ビット(10.0)がネットワーク部で、` +
      `マスクは 255.255.0.0、アドレスは 65,536 個です。VPC の CIDR ブロックは作成時に決まり、あとから変更できません。CidrBlock '${WANTED_CIDR}' を指定して VPC を作成してください。`,
  });
});

k.test(`the VPC carries the tag Name=${WANTED_NAME}`, async (solved) => {
  const vpc = await returnedVpc(solved, { en: 'Cannot check the Name tag', ja: 'Name タグを確認できません' });
  const tags = vpc.Tags ?? [];
  const name = nameTag(vpc);
  const nearlyName = tags.find((tag) => tag.Key !== 'Name' && tag.Key?.trim().toLowerCase() === 'name');
  const tagList = (separator: string) => tags.map((tag) => `${tag.Key}=${tag.Value}`).join(separator);
  const found: Bilingual =
    name !== undefined
      ? { en: `its Name tag is '${name}'`, ja: `Name タグの値が '${name}' です` }
      : nearlyName
        ? {
            en: `it has the tag ${nearlyName.Key}=${nearlyName.Value}, but tag keys are case-sensitive: the name is the key 'Name'`,
            ja: `タグ ${nearlyName.Key}=${nearlyName.Value} が付いていますが、タグのキーは大文字と小文字を区別します。名前はキー 'Name' のタグです`,
          }
        : tags.length > 0
          ? { en: `it has no Name tag (its tags: ${tagList(', ')})`, ja: `Name タグがありません(付いているタグ: ${tagList('、')})` }
          : { en: 'it has no tags', ja: 'タグが 1 つもありません' };
  check(name === WANTED_NAME, {
    en:
      `VPC ${vpc.VpcId}: ${found.en}. This kata asks for the tag Name=${WANTED_NAME} (key 'Name', value '${WANTED_NAME}'), the VPC's name that the article sets ` +
      `when it creates the VPC. Tag the VPC when you create it (TagSpecifications) or afterwards (CreateTags).`,
    ja:
      `VPC ${vpc.VpcId}: ${found.ja}。このカタではタグ Name=${WANTED_NAME}(キー 'Name'、値 '${WANTED_NAME}')が必要です。記事が VPC の作成時に付けている VPC 名です。` +
      `タグは VPC の作成時(TagSpecifications)か、作成後(CreateTags)に付けてください。`,
  });
});

k.test(`exactly one VPC in the account is named ${WANTED_NAME}`, async ({ clients, accountId }) => {
  const vpcs = await allVpcs(clients);
  const named = vpcs.filter((vpc) => nameTag(vpc) === WANTED_NAME);
  check(
    named.length === 1,
    named.length === 0
      ? {
          en: `No VPC in account ${accountId} carries the tag Name=${WANTED_NAME}. VPCs in the account: ${listed(vpcs).en}. Create one VPC and tag it Name=${WANTED_NAME}.`,
          ja: `アカウント ${accountId} に、タグ Name=${WANTED_NAME} が付いた VPC がありません。アカウント内の VPC: ${listed(vpcs).ja}。VPC を 1 つ作成し、タグ Name=${WANTED_NAME} を付けてください。`,
        }
      : {
          en: `${named.length} VPCs in account ${accountId} carry the tag Name=${WANTED_NAME}: ${listed(named).en}. A name should point at one VPC: create the VPC once.`,
          ja: `アカウント ${accountId} に、タグ Name=${WANTED_NAME} が付いた VPC が ${named.length} 個あります: ${listed(named).ja}。名前は 1 つの VPC だけを指すようにします。VPC の作成は 1 回だけにしてください。`,
        },
  );
});
