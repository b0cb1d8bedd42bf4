import { wildcardPattern, type Pattern } from './pattern';
import type { ContextKeys } from './request-context';

/** The policy language version in which `${…}` is a policy variable (with any other, it is text). */
export const VARIABLES_VERSION = '2012-10-17';

export type Resolved = { ok: true; pattern: Pattern } | { ok: false; missingVariable: string };

/**
 * Resolves a Resource or condition value ("IAM policy elements: Variables and tags"): `${key}`
 * becomes the request's value for that key (as literal text), `${key, 'default'}` falls back to the
 * default, `${*}`, `${?}` and `${$}` are the literal characters; a variable with no value and no
 * default leaves the string unresolved (it then matches nothing). `*` and `?` written outside a
 * variable stay wildcards. Only in policies whose Version is 2012-10-17.
 */
export function resolve(text: string, version: string | undefined, keys: ContextKeys): Resolved {
  if (version !== VARIABLES_VERSION || !text.includes('${')) return { ok: true, pattern: wildcardPattern(text) };
  const pattern: Pattern = [];
  let rest = text;
  while (rest.length > 0) {
    const start = rest.indexOf('${');
    const variable = start >= 0 ? readVariable(rest, start + 2) : undefined;
    if (start < 0 || !variable) {
      pattern.push(...wildcardPattern(rest));
      break;
    }
    pattern.push(...wildcardPattern(rest.slice(0, start)));
    const value = valueOf(variable.body, keys);
    if (value === undefined) return { ok: false, missingVariable: `\${${variable.body}}` };
    if (value) pattern.push({ kind: 'text', text: value });
    rest = rest.slice(variable.end + 1);
  }
  return { ok: true, pattern };
}

/** The `${…}` variables a string uses (empty for other versions), e.g. for explanations. */
export function variablesIn(text: string, version: string | undefined): string[] {
  if (version !== VARIABLES_VERSION) return [];
  const found: string[] = [];
  let at = text.indexOf('${');
  while (at >= 0) {
    const variable = readVariable(text, at + 2);
    if (!variable) break;
    found.push(`\${${variable.body}}`);
    at = text.indexOf('${', variable.end + 1);
  }
  return found;
}

/** The body of a variable starting at `from` (just after `${`) and the index of its closing brace. */
function readVariable(text: string, from: number): { body: string; end: number } | undefined {
  let quoted = false;
  for (let i = from; i < text.length; i += 1) {
    const char = text[i];
    if (char === "'") {
      if (quoted && text[i + 1] === "'") i += 1;
      else quoted = !quoted;
    } else if (char === '}' && !quoted) {
      return { body: text.slice(from, i), end: i };
    }
  }
  return undefined;
}

function valueOf(body: string, keys: ContextKeys): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return trimmed;
  const comma = trimmed.indexOf(',');
  const key = (comma >= 0 ? trimmed.slice(0, comma) : trimmed).trim();
  const value = keys.single(key);
  if (value !== undefined || comma < 0) return value;
  const fallback = trimmed.slice(comma + 1).trim().match(/^'((?:[^']|'')*)'$/);
  return fallback ? fallback[1].replace(/''/g, "'") : undefined;
}
