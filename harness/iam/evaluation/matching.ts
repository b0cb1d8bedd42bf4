import type { PolicyStatement } from '../policy-types';
import { actionExists } from './action-catalogue';
import type { Mismatch } from './mismatch';
import { matchesPattern, wildcardPattern } from './pattern';
import type { ContextKeys } from './request-context';
import { resolve, variablesIn } from './variables';

/** A string or list element as a list. */
export function listOf<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Action / NotAction ("IAM JSON policy elements: Action", "…: NotAction"): `*` and `?` wildcards,
 * compared case-insensitively (service prefix and action name).
 */
export function matchAction(statement: PolicyStatement, action: string): Mismatch | undefined {
  const positive = statement.Action !== undefined;
  if (!positive && statement.NotAction === undefined) return { part: 'action', element: 'none' };
  const values = listOf(positive ? statement.Action : statement.NotAction).map(String);
  const hit = values.find((value) => matchesPattern(wildcardPattern(value), action, true));
  if (positive) {
    if (hit !== undefined) return undefined;
    const unknown = values.filter((value) => !/[*?]/.test(value) && actionExists(value) === false);
    return { part: 'action', element: 'Action', values, requested: action, unknown };
  }
  return hit === undefined ? undefined : { part: 'action', element: 'NotAction', values, requested: action, excludedBy: hit };
}

/**
 * Resource / NotResource ("IAM JSON policy elements: Resource", "…: NotResource"): `*` and `?`
 * wildcards over the whole ARN, case-sensitive, policy variables resolved. A resource-based
 * policy (a trust policy, an ECR repository policy) may leave the element out: it is about the
 * resource it is attached to.
 */
export function matchResource(
  statement: PolicyStatement,
  resource: string,
  version: string | undefined,
  keys: ContextKeys,
  impliedByAttachment: boolean,
): Mismatch | undefined {
  const positive = statement.Resource !== undefined;
  if (!positive && statement.NotResource === undefined) return impliedByAttachment ? undefined : { part: 'resource', element: 'none' };
  const values = listOf(positive ? statement.Resource : statement.NotResource).map(String);
  const noValue: string[] = [];
  const hit = values.find((value) => {
    const resolved = resolve(value, version, keys);
    if (!resolved.ok) {
      noValue.push(...variablesIn(value, version).filter((variable) => !resolve(variable, version, keys).ok));
      return false;
    }
    return matchesPattern(resolved.pattern, resource);
  });
  if (positive) return hit !== undefined ? undefined : { part: 'resource', element: 'Resource', values, requested: resource, noValue: unique(noValue) };
  return hit === undefined ? undefined : { part: 'resource', element: 'NotResource', values, requested: resource, excludedBy: hit };
}

export function unique(values: string[]): string[] {
  return [...new Set(values)];
}
