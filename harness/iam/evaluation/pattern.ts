/**
 * A policy string after its variables are resolved: literal text and the wildcards `*` (any run of
 * characters) and `?` (one character). Keeping wildcards apart from text lets `${*}` and a
 * variable's value stay literal, as the IAM docs require.
 */
export type PatternPart = { kind: 'text'; text: string } | { kind: 'star' } | { kind: 'one' };
export type Pattern = PatternPart[];

/** A policy string read as written: every `*` and `?` is a wildcard. */
export function wildcardPattern(text: string): Pattern {
  const parts: Pattern = [];
  let literal = '';
  for (const char of text) {
    if (char === '*' || char === '?') {
      if (literal) parts.push({ kind: 'text', text: literal });
      literal = '';
      parts.push(char === '*' ? { kind: 'star' } : { kind: 'one' });
    } else {
      literal += char;
    }
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return parts;
}

/** The pattern as plain text (wildcards as the characters `*` and `?`), for exact comparisons. */
export function patternText(pattern: Pattern): string {
  return pattern.map((part) => (part.kind === 'text' ? part.text : part.kind === 'star' ? '*' : '?')).join('');
}

/** Whether `value` matches the whole pattern; `ignoreCase` compares letters case-insensitively. */
export function matchesPattern(pattern: Pattern, value: string, ignoreCase = false): boolean {
  const chars = toUnits(pattern, ignoreCase);
  const text = Array.from(ignoreCase ? value.toLowerCase() : value);
  // Classic wildcard matching with one backtrack point for the last star: linear in practice.
  let p = 0;
  let t = 0;
  let starAt = -1;
  let starText = 0;
  while (t < text.length) {
    const unit = chars[p];
    if (unit !== undefined && unit !== STAR && (unit === ONE || unit === text[t])) {
      p += 1;
      t += 1;
    } else if (unit === STAR) {
      starAt = p;
      starText = t;
      p += 1;
    } else if (starAt >= 0) {
      p = starAt + 1;
      starText += 1;
      t = starText;
    } else {
      return false;
    }
  }
  while (chars[p] === STAR) p += 1;
  return p === chars.length;
}

/** Splits a pattern at literal `separator` characters, into at most `limit` pieces (the last keeps the rest). */
export function splitPattern(pattern: Pattern, separator: string, limit: number): Pattern[] {
  const pieces: Pattern[] = [[]];
  for (const part of pattern) {
    if (part.kind !== 'text') {
      pieces[pieces.length - 1].push(part);
      continue;
    }
    let rest = part.text;
    let at = rest.indexOf(separator);
    while (at >= 0 && pieces.length < limit) {
      if (at > 0) pieces[pieces.length - 1].push({ kind: 'text', text: rest.slice(0, at) });
      pieces.push([]);
      rest = rest.slice(at + separator.length);
      at = rest.indexOf(separator);
    }
    if (rest) pieces[pieces.length - 1].push({ kind: 'text', text: rest });
  }
  return pieces;
}

const STAR = Symbol('star');
const ONE = Symbol('one');
type Unit = string | typeof STAR | typeof ONE;

function toUnits(pattern: Pattern, ignoreCase: boolean): Unit[] {
  const units: Unit[] = [];
  for (const part of pattern) {
    if (part.kind === 'star') units.push(STAR);
    else if (part.kind === 'one') units.push(ONE);
    else units.push(...Array.from(ignoreCase ? part.text.toLowerCase() : part.text));
  }
  return units;
}
