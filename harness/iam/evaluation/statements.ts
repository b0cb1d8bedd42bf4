import type { AuthorizationRequest, DecidedBy, NamedPolicy, PolicyStatement, StatementRef } from '../policy-types';
import { checkConditions } from './conditions';
import { listOf, matchAction, matchResource } from './matching';
import type { Mismatch } from './mismatch';
import { matchPrincipal, type PrincipalMatch } from './principals';
import type { ContextKeys } from './request-context';

/** One statement of one policy, checked against the request. */
export interface StatementCheck {
  ref: StatementRef;
  /** The policy type the statement belongs to. */
  source: DecidedBy;
  /** The policy document's Version (variables need 2012-10-17). */
  version: string | undefined;
  /** Every part applies to the request (its Effect then counts). */
  applies: boolean;
  mismatches: Mismatch[];
  /** For a resource-based policy's statement that applies: how its Principal names the requester. */
  principalMatches: PrincipalMatch[];
}

/** Checks every statement of a policy (a lone Statement object is statement 0). */
export function checkPolicy(
  policy: NamedPolicy,
  source: DecidedBy,
  request: AuthorizationRequest,
  keys: ContextKeys,
  hasBoundary: boolean,
): StatementCheck[] {
  const version = policy.document.Version;
  const statements = listOf(policy.document.Statement);
  return statements.map((statement, index) => checkStatement(policy, statement, index, source, version, request, keys, hasBoundary));
}

function checkStatement(
  policy: NamedPolicy,
  statement: PolicyStatement,
  index: number,
  source: DecidedBy,
  version: string | undefined,
  request: AuthorizationRequest,
  keys: ContextKeys,
  hasBoundary: boolean,
): StatementCheck {
  const mismatches: Mismatch[] = [];
  let principalMatches: PrincipalMatch[] = [];
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') mismatches.push({ part: 'effect', effect: String(statement.Effect) });
  if (source === 'resource') {
    const outcome = matchPrincipal(statement, request.principal, hasBoundary);
    if (outcome.applies) principalMatches = outcome.matches;
    else mismatches.push(outcome.mismatch);
  }
  const action = matchAction(statement, request.action);
  if (action) mismatches.push(action);
  const resource = matchResource(statement, request.resource, version, keys, source === 'resource');
  if (resource) mismatches.push(resource);
  mismatches.push(...checkConditions(statement.Condition, version, keys));
  return {
    ref: refTo(policy, statement, index),
    source,
    version,
    applies: mismatches.length === 0,
    mismatches,
    principalMatches,
  };
}

function refTo(policy: NamedPolicy, statement: PolicyStatement, index: number): StatementRef {
  const { name, kind, arn, attachedTo } = policy;
  return {
    policy: { name, kind, ...(arn !== undefined ? { arn } : {}), ...(attachedTo !== undefined ? { attachedTo } : {}) },
    index,
    ...(statement.Sid !== undefined ? { sid: statement.Sid } : {}),
    statement,
  };
}
