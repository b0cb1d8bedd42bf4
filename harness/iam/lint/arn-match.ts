/**
 * ARN arithmetic for the policy linter: does a policy's Resource pattern (with IAM's `*` and `?`
 * wildcards and `${aws:username}`-style policy variables) match a literal string, and can it match
 * any ARN of a resource type at all (its ARN format from the Service Authorization Reference,
 * e.g. `arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`)?
 */

import { matchesPattern, type Pattern } from '../evaluation/pattern';

/** One piece of a pattern: a literal character, `*` (any run of characters), `?` (one character). */
type PatternToken = { kind: 'char'; char: string } | { kind: 'star' } | { kind: 'one' };

/** One piece of an ARN format: a literal character, or a `${Variable}` (a run of allowed characters). */
type FormatToken = { kind: 'char'; char: string } | { kind: 'var'; allows: (char: string) => boolean; name: string };

/**
 * A policy Resource pattern as tokens. Policy variables (`${aws:username}`) stand for any value,
 * so they become `*`; the escapes `${*}`, `${?}`, `${$}` stand for the literal character.
 */
export function patternTokens(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end > i) {
        const inner = pattern.slice(i + 2, end);
        if (inner === '*' || inner === '?' || inner === '$') tokens.push({ kind: 'char', char: inner });
        else tokens.push({ kind: 'star' });
        i = end;
        continue;
      }
    }
    if (char === '*') tokens.push({ kind: 'star' });
    else if (char === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char });
  }
  return tokens;
}

const anyChar = (): boolean => true;
const notColon = (char: string): boolean => char !== ':';
const bucketChar = (char: string): boolean => char !== ':' && char !== '/';

/**
 * Which characters a format variable may stand for. Partition, region and account never contain a
 * colon; an S3 bucket name has neither a colon nor a slash (that is what tells a bucket from an
 * object). Every other name may contain anything (log group names and repository names contain
 * slashes, some resource ids colons): erring wide keeps the linter from flagging a valid policy.
 */
function variableChars(name: string): (char: string) => boolean {
  if (name === 'Partition' || name === 'Region' || name === 'Account') return notColon;
  if (name === 'BucketName') return bucketChar;
  return anyChar;
}

/** An ARN format as tokens; a literal `*` in a format (some services write one) stands for anything. */
export function formatTokens(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  for (let i = 0; i < format.length; i++) {
    const char = format[i]!;
    if (char === '$' && format[i + 1] === '{') {
      const end = format.indexOf('}', i + 2);
      if (end > i) {
        const name = format.slice(i + 2, end);
        tokens.push({ kind: 'var', name, allows: variableChars(name) });
        i = end;
        continue;
      }
    }
    if (char === '*') tokens.push({ kind: 'var', name: '*', allows: anyChar });
    else tokens.push({ kind: 'char', char });
  }
  return tokens;
}

/**
 * True when some string matches both the policy pattern and the ARN format: the product of two
 * small automata, searched breadth first over (pattern position, format position).
 */
export function patternCanMatchFormat(pattern: string, format: string): boolean {
  const p = patternTokens(pattern);
  const f = formatTokens(format);
  const seen = new Set<number>();
  const width = f.length + 1;
  const queue: Array<[number, number]> = [[0, 0]];
  const push = (i: number, j: number): void => {
    const key = i * width + j;
    if (!seen.has(key)) {
      seen.add(key);
      queue.push([i, j]);
    }
  };
  seen.add(0);
  while (queue.length > 0) {
    const [i, j] = queue.shift()!;
    if (i === p.length && j === f.length) return true;
    const pt = p[i];
    const ft = f[j];
    // Either side may stop repeating: a star matches nothing more, a variable ends.
    if (pt?.kind === 'star') push(i + 1, j);
    if (ft?.kind === 'var') push(i, j + 1);
    if (!pt || !ft) continue;
    // Both sides consume one character together.
    let compatible: boolean;
    if (pt.kind === 'char' && ft.kind === 'char') compatible = pt.char === ft.char;
    else if (pt.kind === 'char' && ft.kind === 'var') compatible = ft.allows(pt.char);
    else compatible = true; // a wildcard against a literal, or against a variable that allows some character
    if (!compatible) continue;
    const nextI = pt.kind === 'star' ? i : i + 1;
    const nextJ = ft.kind === 'var' ? j : j + 1;
    push(nextI, nextJ);
  }
  return false;
}

/** True when the policy pattern (IAM wildcards, policy variables as anything) matches the literal text. */
export function patternMatches(pattern: string, text: string): boolean {
  const parts: Pattern = patternTokens(pattern).map((token) => (token.kind === 'char' ? { kind: 'text', text: token.char } : token));
  return matchesPattern(parts, text);
}

/** True when the text has an IAM wildcard (`*` or `?`) or a policy variable. */
export function hasWildcard(text: string): boolean {
  return /[*?]|\$\{/.test(text);
}

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits `arn:partition:service:region:account:resource` (the resource part may contain colons). */
export function splitArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

/** Rebuilds an ARN from its parts. */
export function joinArn(parts: ArnParts): string {
  return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.account}:${parts.resource}`;
}

/** The region part of an ARN format (`${Region}`, a literal region, or empty), or undefined if it has none. */
export function formatRegion(format: string): string | undefined {
  return splitArn(format)?.region;
}
