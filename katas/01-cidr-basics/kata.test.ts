import ipaddr from 'ipaddr.js';
import type { CidrToolkit } from 'aws-basics-dojo';
import { check, kata, KataAssertionError } from 'aws-basics-dojo/testing';

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

// ---- calling the learner's functions: a throw or a missing function is a failed rule, explained ----

function show(value: unknown): string {
  if (value instanceof Promise) return 'a Promise (the toolkit functions are not async: return the value itself)';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  return JSON.stringify(value) ?? String(value);
}

function toolkitFunction<N extends keyof CidrToolkit>(toolkit: unknown, name: N): CidrToolkit[N] {
  check(
    typeof toolkit === 'object' && toolkit !== null,
    `solve() returned ${show(toolkit)}; it must return an object holding the four functions netmask, toDottedBinary, contains and split (a CidrToolkit), as the starter does.`,
  );
  const fn = (toolkit as Partial<CidrToolkit>)[name];
  check(typeof fn === 'function', `the object solve() returned has no function ${name} (it is ${show(fn)}). Keep all four functions of the starter: netmask, toDottedBinary, contains, split.`);
  return fn as CidrToolkit[N];
}

function attempt(label: string, work: () => unknown): unknown {
  try {
    return work();
  } catch (error) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : show(error);
    throw new KataAssertionError(`${label} threw ${what}. It must return a value for every valid input; the input is a valid IPv4 value, so look at how your function parses it.`);
  }
}

const plural = (n: number, word: string) => `${count(n)} ${n === 1 ? word : word.endsWith('s') ? `${word}es` : `${word}s`}`;

/** Fails with the problems found (the first few), then the rule the function must follow. */
function report(name: keyof CidrToolkit, problems: string[], calls: number, rule: string): void {
  const listed = problems.slice(0, 6).map((p) => `- ${p}`);
  if (problems.length > 6) listed.push(`- …and ${problems.length - 6} more.`);
  check(problems.length === 0, `${name} gave ${plural(problems.length, 'wrong answer')} in ${plural(calls, 'call')}:\n${listed.join('\n')}\n${rule}`);
}

// ---- netmask ----

const NETMASK_RULE =
  'netmask(prefixLength) must return the subnet mask in dotted decimal: the first prefixLength of the 32 bits are 1, the rest 0, written as four numbers 0–255.';

function netmaskProblems(netmask: CidrToolkit['netmask'], prefixes: number[]): string[] {
  const problems: string[] = [];
  for (const prefix of prefixes) {
    const got = attempt(`netmask(${prefix})`, () => netmask(prefix));
    const want = mask(prefix);
    if (got !== want) problems.push(`netmask(${prefix}) returned ${show(got)}; a /${prefix} mask is ${want} (${plural(prefix, 'one-bit')}, then ${plural(32 - prefix, 'zero-bit')}: ${binary(want)}).`);
  }
  return problems;
}

k.test("netmask: the article's masks, /16 → 255.255.0.0 and /20 → 255.255.240.0", ({ result }) => {
  const netmask = toolkitFunction(result, 'netmask');
  const article: [number, string][] = [[16, '255.255.0.0'], [20, '255.255.240.0']];
  const problems = article
    .map(([prefix, want]) => [prefix, want, attempt(`netmask(${prefix})`, () => netmask(prefix))] as const)
    .filter(([, want, got]) => got !== want)
    .map(([prefix, want, got]) => `netmask(${prefix}) returned ${show(got)}; the article's 10.0.0.0/${prefix} has the mask ${want} (${binary(want)}).`);
  report('netmask', problems, article.length, NETMASK_RULE);
});

k.test('netmask: every prefix length from 0 to 32', ({ result }) => {
  const netmask = toolkitFunction(result, 'netmask');
  const problems = netmaskProblems(netmask, Array.from({ length: 33 }, (_, prefix) => prefix));
  const edges = problems.some((p) => /^netmask\((0|32)\)/.test(p))
    ? "\nThe edges /0 (no network bits) and /32 (one address) count too. In JavaScript, `x << 32` shifts by 0 (counts are taken modulo 32) and bit operators give signed 32-bit numbers (`>>> 0` reads one as unsigned)."
    : '';
  report('netmask', problems, 33, NETMASK_RULE + edges);
});

// ---- toDottedBinary ----

const BINARY_RULE =
  "toDottedBinary(address) must write each of the four numbers as exactly 8 binary digits (leading zeros kept), joined by dots, as in the article's picture: 00001010.00000000.00000000.00000000 (10.0.0.0).";

function binaryProblems(toDottedBinary: CidrToolkit['toDottedBinary'], cases: [string, string][]): string[] {
  return cases
    .map(([address, want]) => [address, want, attempt(`toDottedBinary('${address}')`, () => toDottedBinary(address))] as const)
    .filter(([, want, got]) => got !== want)
    .map(([address, want, got]) => `toDottedBinary('${address}') returned ${show(got)}; expected '${want}'.`);
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

function containsProblems(contains: CidrToolkit['contains'], pairs: [string, string][]): string[] {
  const problems: string[] = [];
  for (const [outerCidr, innerCidr] of pairs) {
    const label = `contains('${outerCidr}', '${innerCidr}')`;
    const got = attempt(label, () => contains(outerCidr, innerCidr));
    const [outer, inner] = [block(outerCidr), block(innerCidr)];
    const want = within(outer, inner);
    if (got === want) continue;
    const why = want
      ? `${innerCidr} (${inner.span}) lies within ${outerCidr} (${outer.span})`
      : inner.prefix < outer.prefix && inner.first <= outer.first && inner.last >= outer.last
        ? `${innerCidr} (${inner.span}) is bigger than ${outerCidr} (${outer.span}): a /${inner.prefix} holds ${plural(2 ** (32 - inner.prefix), 'address')}, a /${outer.prefix} only ${count(2 ** (32 - outer.prefix))}`
        : `${innerCidr} (${inner.span}) has addresses outside ${outerCidr} (${outer.span})`;
    problems.push(typeof got === 'boolean' ? `${label} returned ${got}; it should be ${want}: ${why}.` : `${label} returned ${show(got)}, not a boolean; it should be ${want}: ${why}.`);
  }
  return problems;
}

const CONTAINS_RULE =
  "contains(outer, inner) is true exactly when every address of inner is also an address of outer: compare the blocks' first and last addresses, or their network bits.";

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
function splitProblem(split: CidrToolkit['split'], cidr: string, newPrefix: number): string | undefined {
  const label = `split('${cidr}', ${newPrefix})`;
  const got = attempt(label, () => split(cidr, newPrefix));
  const whole = block(cidr);
  const expected = 2 ** (newPrefix - whole.prefix);
  const size = `/${newPrefix} ${expected === 1 ? 'block' : 'blocks'} of ${plural(2 ** (32 - newPrefix), 'address')}`;
  if (!Array.isArray(got)) return `${label} returned ${show(got)}; it must return an array of CIDR strings.`;
  if (got.length !== expected)
    return `${label} returned ${plural(got.length, 'block')}; a /${whole.prefix} holds 2^(${newPrefix}−${whole.prefix}) = ${count(expected)} ${size}.`;
  const blocks: Block[] = [];
  for (const [index, item] of got.entries()) {
    if (typeof item !== 'string' || !ipaddr.IPv4.isValidCIDRFourPartDecimal(item))
      return `${label}: element ${index} is ${show(item)}, not a CIDR block like '10.0.0.0/${newPrefix}'.`;
    const part = block(item);
    if (part.prefix !== newPrefix) return `${label}: element ${index} is ${item}, a /${part.prefix}; every block must be a /${newPrefix}.`;
    if (ipaddr.IPv4.parseCIDR(item)[0].toString() !== ipaddr.IPv4.networkAddressFromCIDR(item).toString())
      return `${label}: element ${index} is ${item}, whose address has host bits set; a /${newPrefix} block starts at ${ipaddr.IPv4.networkAddressFromCIDR(item).toString()}.`;
    if (!within(whole, part)) return `${label}: element ${index} is ${item} (${part.span}), which is not inside ${cidr} (${whole.span}).`;
    blocks.push(part);
  }
  for (let i = 1; i < blocks.length; i++) {
    const [before, here] = [blocks[i - 1], blocks[i]];
    if (here.first === before.first) return `${label} lists ${here.cidr} twice (elements ${i - 1} and ${i}); the blocks must not overlap.`;
    if (here.first < before.first) return `${label} is not in ascending order: ${here.cidr} (element ${i}) comes after ${before.cidr}; list the blocks lowest address first.`;
  }
  // Ascending, distinct, same size, inside, and 2^(new−old) of them: they cover the whole block.
  return undefined;
}

const SPLIT_RULE =
  'split(cidr, newPrefix) must return every /newPrefix block inside cidr, lowest address first: 2^(newPrefix − prefix) blocks, each the same size, none overlapping, together covering cidr.';

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
  const problems = cases.map(([cidr, newPrefix]) => splitProblem(split, cidr, newPrefix)).filter((p): p is string => p !== undefined);
  report('split', problems, cases.length, SPLIT_RULE);
});
