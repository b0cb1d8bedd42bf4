import ipaddr from 'ipaddr.js';
import type { CidrToolkit } from 'aws-basics-dojo';
import { check, kata, KataAssertionError, type Bilingual } from 'aws-basics-dojo/testing';

const k = kata<Record<string, never>, CidrToolkit>({ id: '01-cidr-basics' });

// ---- the oracle: ipaddr.js, which the learner's functions are compared against ----

const toInt = (address: string) => ipaddr.IPv4.parse(address).toByteArray().reduce((n, octet) => n * 256 + octet, 0);
const binary = (address: string) => ipaddr.IPv4.parse(address).toByteArray().map((o) => o.toString(2).padStart(8, '0')).join('.');
const mask = (prefix: number) => ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString();
const count = (n: number) => n.toLocaleString('en-US');

interface Block {
  cidr: string;
  prefix: number;
  first: number;
  last: number;
  /** "10.0.0.0 – 10.0.255.255" */
  span: string;
}

function block(cidr: string): Block {
  const [, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const low = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  const high = ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString();
  return { cidr, prefix, first: toInt(low), last: toInt(high), span: `${low} – ${high}` };
}

const within = (outer: Block, inner: Block) => inner.first >= outer.first && inner.last <= outer.last;

// ---- the learner's messages, in English and Japanese ----

/** Text that reads the same in both languages: values, code, ids. */
const same = (text: string): Bilingual => ({ en: text, ja: text });

/** A value the learner's code returned, as a message quotes it. */
function show(value: unknown): Bilingual {
  if (value instanceof Promise)
    return {
      en: 'a Promise (the toolkit functions are not async: return the value itself)',
      ja: 'Promise(ツールキットの関数は async ではないので、値そのものを返してください)',
    };
  if (typeof value === 'string') return same(`'${value}'`);
  if (typeof value === 'function') return { en: 'a function', ja: '関数' };
  return same(JSON.stringify(value) ?? String(value));
}

// ---- calling the learner's functions: a throw or a missing function is a failed rule, explained ----

function toolkitFunction<N extends keyof CidrToolkit>(toolkit: unknown, name: N): CidrToolkit[N] {
  const returned = show(toolkit);
  check(typeof toolkit === 'object' && toolkit !== null, {
    en: `solve() returned ${returned.en}; it must return an object holding the four functions netmask, toDottedBinary, contains and split (a CidrToolkit), as the starter does.`,
    ja: `solve() が ${returned.ja} を返しました。スターターと同じように、4 つの関数 netmask・toDottedBinary・contains・split を持つオブジェクト(CidrToolkit)を返す必要があります。`,
  });
  const fn = (toolkit as Partial<CidrToolkit>)[name];
  const found = show(fn);
  check(typeof fn === 'function', {
    en: `the object solve() returned has no function ${name} (it is ${found.en}). Keep all four functions of the starter: netmask, toDottedBinary, contains, split.`,
    ja: `solve() が返したオブジェクトに関数 ${name} がありません(値は ${found.ja} です)。スターターにある 4 つの関数 netmask・toDottedBinary・contains・split をすべて残してください。`,
  });
  return fn as CidrToolkit[N];
}

function attempt(label: string, work: () => unknown): unknown {
  try {
    return work();
  } catch (error) {
    const what = error instanceof Error ? same(`${error.name}: ${error.message}`) : show(error);
    throw new KataAssertionError({
      en: `${label} threw ${what.en}. It must return a value for every valid input; the input is a valid IPv4 value, so look at how your function parses it.`,
      ja: `${label} が例外を投げました: ${what.ja}。有効な入力にはすべて値を返す必要があります。入力は有効な IPv4 の値なので、関数が入力をどう解析しているかを確認してください。`,
    });
  }
}

const plural = (n: number, word: string) => `${count(n)} ${n === 1 ? word : word.endsWith('s') ? `${word}es` : `${word}s`}`;

/** Fails with the problems found (the first few), then the rule the function must follow. */
function report(name: keyof CidrToolkit, problems: Bilingual[], calls: number, rule: Bilingual): void {
  const listed = (language: keyof Bilingual) => {
    const lines = problems.slice(0, 6).map((p) => `- ${p[language]}`);
    const more = problems.length - 6;
    if (more > 0) lines.push(language === 'en' ? `- …and ${more} more.` : `- …ほか ${more} 件。`);
    return lines.join('\n');
  };
  check(problems.length === 0, {
    en: `${name} gave ${plural(problems.length, 'wrong answer')} in ${plural(calls, 'call')}:\n${listed('en')}\n${rule.en}`,
    ja: `${name} は ${count(calls)} 回の呼び出しのうち ${count(problems.length)} 回、誤った値を返しました:\n${listed('ja')}\n${rule.ja}`,
  });
}

// ---- netmask ----

const NETMASK_RULE: Bilingual = {
  en: 'netmask(prefixLength) must return the subnet mask in dotted decimal: the first prefixLength of the 32 bits are 1, the rest 0, written as four numbers 0–255.',
  ja: 'netmask(prefixLength) は、サブネットマスクをドット区切りの 10 進数で返す必要があります。32 ビットのうち先頭の prefixLength ビットが 1、残りが 0 で、0〜255 の 4 つの数で書きます。',
};

function netmaskProblems(netmask: CidrToolkit['netmask'], prefixes: number[]): Bilingual[] {
  const problems: Bilingual[] = [];
  for (const prefix of prefixes) {
    const got = attempt(`netmask(${prefix})`, () => netmask(prefix));
    const want = mask(prefix);
    if (got === want) continue;
    const returned = show(got);
    problems.push({
      en: `netmask(${prefix}) returned ${returned.en}; a /${prefix} mask is ${want} (${plural(prefix, 'one-bit')}, then ${plural(32 - prefix, 'zero-bit')}: ${binary(want)}).`,
      ja: `netmask(${prefix}) が ${returned.ja} を返しました。/${prefix} のマスクは ${want} です(1 のビットが ${prefix} 個、続いて 0 のビットが ${32 - prefix} 個: ${binary(want)})。`,
    });
  }
  return problems;
}

k.test("netmask: the article's masks, /16 → 255.255.0.0 and /20 → 255.255.240.0", ({ result }) => {
  const netmask = toolkitFunction(result, 'netmask');
  const article: [number, string][] = [[16, '255.255.0.0'], [20, '255.255.240.0']];
  const problems = article
    .map(([prefix, want]) => [prefix, want, attempt(`netmask(${prefix})`, () => netmask(prefix))] as const)
    .filter(([, want, got]) => got !== want)
    .map(([prefix, want, got]): Bilingual => ({
      en: `netmask(${prefix}) returned ${show(got).en}; the article's 10.0.0.0/${prefix} has the mask ${want} (${binary(want)}).`,
      ja: `netmask(${prefix}) が ${show(got).ja} を返しました。記事の 10.0.0.0/${prefix} のマスクは ${want} (${binary(want)}) です。`,
    }));
  report('netmask', problems, article.length, NETMASK_RULE);
});

k.test('netmask: every prefix length from 0 to 32', ({ result }) => {
  const netmask = toolkitFunction(result, 'netmask');
  const problems = netmaskProblems(netmask, Array.from({ length: 33 }, (_, prefix) => prefix));
  const edges = problems.some((p) => /^netmask\((0|32)\)/.test(p.en))
    ? {
        en: "\nThe edges /0 (no network bits) and /32 (one address) count too. In JavaScript, `x << 32` shifts by 0 (counts are taken modulo 32) and bit operators give signed 32-bit numbers (`>>> 0` reads one as unsigned).",
        ja: '\n両端の /0(ネットワーク部のビットなし)と /32(アドレス 1 個)も確認します。JavaScript では `x << 32` のシフト量は 0 になり(シフト量は 32 を法として扱われます)、ビット演算子の結果は符号付き 32 ビット整数です(`>>> 0` で符号なしとして読めます)。',
      }
    : same('');
  report('netmask', problems, 33, { en: NETMASK_RULE.en + edges.en, ja: NETMASK_RULE.ja + edges.ja });
});

// ---- toDottedBinary ----

const BINARY_RULE: Bilingual = {
  en: "toDottedBinary(address) must write each of the four numbers as exactly 8 binary digits (leading zeros kept), joined by dots, as in the article's picture: 00001010.00000000.00000000.00000000 (10.0.0.0).",
  ja: 'toDottedBinary(address) は、4 つの数をそれぞれちょうど 8 桁の 2 進数で(先頭の 0 も残して)書き、ドットでつないで返す必要があります。記事の図と同じ形です: 00001010.00000000.00000000.00000000 (10.0.0.0)',
};

function binaryProblems(toDottedBinary: CidrToolkit['toDottedBinary'], cases: [string, string][]): Bilingual[] {
  return cases
    .map(([address, want]) => [address, want, attempt(`toDottedBinary('${address}')`, () => toDottedBinary(address))] as const)
    .filter(([, want, got]) => got !== want)
    .map(([address, want, got]) => ({
      en: `toDottedBinary('${address}') returned ${show(got).en}; expected '${want}'.`,
      ja: `toDottedBinary('${address}') が ${show(got).ja} を返しました。正しくは '${want}' です。`,
    }));
}

k.test("toDottedBinary: the article's pictures of 10.0.0.0, 255.255.0.0 and 255.255.240.0", ({ result }) => {
  const toDottedBinary = toolkitFunction(result, 'toDottedBinary');
  const article: [string, string][] = [
    ['10.0.0.0', '00001010.00000000.00000000.00000000'],
    ['255.255.0.0', '11111111.11111111.00000000.00000000'],
    ['255.255.240.0', '11111111.11111111.11110000.00000000'],
  ];
  report('toDottedBinary', binaryProblems(toDottedBinary, article), article.length, BINARY_RULE);
});

k.test('toDottedBinary: any address or mask', ({ result }) => {
  const toDottedBinary = toolkitFunction(result, 'toDottedBinary');
  const addresses = ['0.0.0.0', '255.255.255.255', '192.168.1.1', '172.16.0.1', '10.0.16.0', '1.2.3.4', '128.0.0.1', '203.0.113.77', '255.255.255.128', '255.224.0.0'];
  report('toDottedBinary', binaryProblems(toDottedBinary, addresses.map((a) => [a, binary(a)])), addresses.length, BINARY_RULE);
});

// ---- contains ----

function containsProblems(contains: CidrToolkit['contains'], pairs: [string, string][]): Bilingual[] {
  const problems: Bilingual[] = [];
  for (const [outerCidr, innerCidr] of pairs) {
    const label = `contains('${outerCidr}', '${innerCidr}')`;
    const got = attempt(label, () => contains(outerCidr, innerCidr));
    const [outer, inner] = [block(outerCidr), block(innerCidr)];
    const want = within(outer, inner);
    if (got === want) continue;
    const innerText = `${innerCidr} (${inner.span})`;
    const outerText = `${outerCidr} (${outer.span})`;
    const innerSize = 2 ** (32 - inner.prefix);
    const outerSize = 2 ** (32 - outer.prefix);
    const why: Bilingual = want
      ? { en: `${innerText} lies within ${outerText}`, ja: `${innerText} は ${outerText} の中にあります` }
      : inner.prefix < outer.prefix && inner.first <= outer.first && inner.last >= outer.last
        ? {
            en: `${innerText} is bigger than ${outerText}: a /${inner.prefix} holds ${plural(innerSize, 'address')}, a /${outer.prefix} only ${count(outerSize)}`,
            ja: `${innerText} は ${outerText} より大きいブロックです。/${inner.prefix} のアドレスは ${count(innerSize)} 個ですが、/${outer.prefix} には ${count(outerSize)} 個しかありません`,
          }
        : { en: `${innerText} has addresses outside ${outerText}`, ja: `${innerText} には ${outerText} の外のアドレスがあります` };
    problems.push(
      typeof got === 'boolean'
        ? { en: `${label} returned ${got}; it should be ${want}: ${why.en}.`, ja: `${label} が ${got} を返しました。正しくは ${want} です。${why.ja}。` }
        : {
            en: `${label} returned ${show(got).en}, not a boolean; it should be ${want}: ${why.en}.`,
            ja: `${label} が boolean ではない値 ${show(got).ja} を返しました。正しくは ${want} です。${why.ja}。`,
          },
    );
  }
  return problems;
}

const CONTAINS_RULE: Bilingual = {
  en: "contains(outer, inner) is true exactly when every address of inner is also an address of outer: compare the blocks' first and last addresses, or their network bits.",
  ja: 'contains(outer, inner) は、inner のすべてのアドレスが outer にも含まれるときに true、それ以外は false を返します。2 つのブロックの最初と最後のアドレスか、ネットワーク部のビットを比べてください。',
};

k.test("contains: the article's /20 subnets inside the /16 VPC, and blocks that are not inside", ({ result }) => {
  const contains = toolkitFunction(result, 'contains');
  const pairs: [string, string][] = [
    ['10.0.0.0/16', '10.0.0.0/20'],
    ['10.0.0.0/16', '10.0.16.0/20'],
    ['10.0.0.0/16', '10.1.0.0/20'],
    ['10.0.0.0/16', '10.0.0.0/8'],
  ];
  report('contains', containsProblems(contains, pairs), pairs.length, CONTAINS_RULE);
});

k.test('contains: edge cases (the same block, the last /20, single addresses, the high bit)', ({ result }) => {
  const contains = toolkitFunction(result, 'contains');
  const pairs: [string, string][] = [
    ['10.0.0.0/16', '10.0.0.0/16'],
    ['10.0.0.0/16', '10.0.240.0/20'],
    ['10.0.0.0/16', '10.0.255.255/32'],
    ['10.0.0.0/16', '10.1.0.0/16'],
    ['10.0.0.0/16', '10.0.0.0/15'],
    ['10.0.16.0/20', '10.0.0.0/16'],
    ['10.0.16.0/20', '10.0.32.0/20'],
    ['172.16.0.0/12', '172.31.0.0/16'],
    ['172.16.0.0/12', '172.32.0.0/16'],
    ['0.0.0.0/0', '203.0.113.0/24'],
    ['255.255.255.0/24', '255.255.255.255/32'],
    ['128.0.0.0/1', '10.0.0.0/8'],
  ];
  report('contains', containsProblems(contains, pairs), pairs.length, CONTAINS_RULE);
});

// ---- split ----

/** The first broken property of split(cidr, newPrefix)'s answer, or undefined when it is right. */
function splitProblem(split: CidrToolkit['split'], cidr: string, newPrefix: number): Bilingual | undefined {
  const label = `split('${cidr}', ${newPrefix})`;
  const got = attempt(label, () => split(cidr, newPrefix));
  const whole = block(cidr);
  const expected = 2 ** (newPrefix - whole.prefix);
  const addresses = 2 ** (32 - newPrefix);
  if (!Array.isArray(got))
    return {
      en: `${label} returned ${show(got).en}; it must return an array of CIDR strings.`,
      ja: `${label} が ${show(got).ja} を返しました。CIDR の文字列の配列を返す必要があります。`,
    };
  if (got.length !== expected)
    return {
      en: `${label} returned ${plural(got.length, 'block')}; a /${whole.prefix} holds 2^(${newPrefix}−${whole.prefix}) = ${count(expected)} /${newPrefix} ${expected === 1 ? 'block' : 'blocks'} of ${plural(addresses, 'address')}.`,
      ja: `${label} が返したブロックは ${count(got.length)} 個です。/${whole.prefix} には、アドレス ${count(addresses)} 個の /${newPrefix} ブロックが 2^(${newPrefix}−${whole.prefix}) = ${count(expected)} 個入ります。`,
    };
  const blocks: Block[] = [];
  for (const [index, item] of got.entries()) {
    const element: Bilingual = { en: `${label}: element ${index}`, ja: `${label}: 要素 ${index}` };
    if (typeof item !== 'string' || !ipaddr.IPv4.isValidCIDRFourPartDecimal(item))
      return {
        en: `${element.en} is ${show(item).en}, not a CIDR block like '10.0.0.0/${newPrefix}'.`,
        ja: `${element.ja} は ${show(item).ja} で、'10.0.0.0/${newPrefix}' のような CIDR ブロックではありません。`,
      };
    const part = block(item);
    if (part.prefix !== newPrefix)
      return {
        en: `${element.en} is ${item}, a /${part.prefix}; every block must be a /${newPrefix}.`,
        ja: `${element.ja} の ${item} は /${part.prefix} です。どのブロックも /${newPrefix} である必要があります。`,
      };
    const network = ipaddr.IPv4.networkAddressFromCIDR(item).toString();
    if (ipaddr.IPv4.parseCIDR(item)[0].toString() !== network)
      return {
        en: `${element.en} is ${item}, whose address has host bits set; a /${newPrefix} block starts at ${network}.`,
        ja: `${element.ja} の ${item} は、アドレスのホスト部に 1 のビットがあります。この /${newPrefix} ブロックの先頭は ${network} です。`,
      };
    if (!within(whole, part))
      return {
        en: `${element.en} is ${item} (${part.span}), which is not inside ${cidr} (${whole.span}).`,
        ja: `${element.ja} の ${item} (${part.span}) は ${cidr} (${whole.span}) の中にありません。`,
      };
    blocks.push(part);
  }
  for (let i = 1; i < blocks.length; i++) {
    const [before, here] = [blocks[i - 1], blocks[i]];
    if (here.first === before.first)
      return {
        en: `${label} lists ${here.cidr} twice (elements ${i - 1} and ${i}); the blocks must not overlap.`,
        ja: `${label} の結果に ${here.cidr} が 2 回あります(要素 ${i - 1} と ${i})。ブロックは重なってはいけません。`,
      };
    if (here.first < before.first)
      return {
        en: `${label} is not in ascending order: ${here.cidr} (element ${i}) comes after ${before.cidr}; list the blocks lowest address first.`,
        ja: `${label} の結果が昇順になっていません: ${here.cidr}(要素 ${i})が ${before.cidr} の後にあります。アドレスの小さいブロックから順に並べてください。`,
      };
  }
  // Ascending, distinct, same size, inside, and 2^(new−old) of them: they cover the whole block.
  return undefined;
}

const SPLIT_RULE: Bilingual = {
  en: 'split(cidr, newPrefix) must return every /newPrefix block inside cidr, lowest address first: 2^(newPrefix − prefix) blocks, each the same size, none overlapping, together covering cidr.',
  ja: 'split(cidr, newPrefix) は、cidr の中にあるすべての /newPrefix ブロックを、アドレスの小さい順に返す必要があります。ブロックは 2^(newPrefix − prefix) 個で、どれも同じ大きさで互いに重ならず、合わせて cidr 全体を覆います。',
};

k.test("split: the article's 10.0.0.0/16 VPC into /20 subnets", ({ result }) => {
  const split = toolkitFunction(result, 'split');
  const problem = splitProblem(split, '10.0.0.0/16', 20);
  // The properties leave one answer: 10.0.0.0/20, 10.0.16.0/20, … 10.0.240.0/20.
  report('split', problem ? [problem] : [], 1, SPLIT_RULE);
});

k.test('split: other blocks and sizes (one block, /0, /32, thousands of blocks)', ({ result }) => {
  const split = toolkitFunction(result, 'split');
  const cases: [string, number][] = [
    ['10.0.0.0/16', 24],
    ['10.0.0.0/16', 16],
    ['192.168.0.0/24', 26],
    ['172.16.0.0/12', 16],
    ['10.0.16.0/20', 22],
    ['198.51.100.0/24', 32],
    ['0.0.0.0/0', 2],
    ['128.0.0.0/1', 4],
    ['10.0.0.0/8', 20],
  ];
  const problems = cases.map(([cidr, newPrefix]) => splitProblem(split, cidr, newPrefix)).filter((p): p is Bilingual => p !== undefined);
  report('split', problems, cases.length, SPLIT_RULE);
});
