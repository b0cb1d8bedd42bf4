/**
 * Reading a policy document back the way a kata test shows it to a learner: the JSON IAM returns
 * (URL-encoded), laid out to read, and its statements numbered from 0 as the IAM engine's
 * explanations number them.
 */

/** A statement as a kata test reads it: every string-or-list element as a list of strings. */
export interface ReadStatement {
  index: number;
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  /** "*", or each principal type (AWS, Service, …) with its names; {} when the statement has none. */
  principal: '*' | Record<string, string[]>;
}

/**
 * The document as JSON a learner reads: indented over several lines, or on one line to sit in a
 * listing. IAM returns documents URL-encoded; text that is not JSON comes back as it was; '' for none.
 */
export function readPolicyDocument(raw: string | undefined, layout: 'indented' | 'one-line' = 'indented'): string {
  if (!raw) return '';
  const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw);
  try {
    return layout === 'indented' ? JSON.stringify(JSON.parse(text), null, 2) : JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** A policy element that is one value or a list of them (Action, Resource, a principal's names) as a list of strings. */
export const listOfStrings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** The statements of a document read by readPolicyDocument (one statement or a list); none when it is not JSON. */
export function statementsOfDocument(document: string): ReadStatement[] {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const raw = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
    return raw.map((s: Record<string, unknown>, index) => ({
      index,
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
      effect: String(s.Effect),
      actions: listOfStrings(s.Action),
      resources: listOfStrings(s.Resource),
      principal:
        s.Principal === '*'
          ? ('*' as const)
          : Object.fromEntries(Object.entries((s.Principal ?? {}) as Record<string, unknown>).map(([type, names]) => [type, listOfStrings(names)])),
    }));
  } catch {
    return [];
  }
}

/** IAM's wildcards in Action and Resource: * any run of characters, ? one character. */
export function iamWildcardMatches(pattern: string, text: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(text);
}
