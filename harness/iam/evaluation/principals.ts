import type { PolicyPrincipal, PolicyStatement, RequestPrincipal } from '../policy-types';
import { listOf } from './matching';
import type { Mismatch, PrincipalName } from './mismatch';
import { accountOf } from './request-context';

/**
 * How a resource-based policy's Principal names the requester ("AWS JSON policy elements:
 * Principal"); the evaluation logic treats each differently within an account:
 * - session / user: the session's or user's own ARN — the policy grants access by itself;
 * - role: the role's ARN, for one of its sessions — grants by itself, within the role's boundary;
 * - service: a service principal such as ecs-tasks.amazonaws.com;
 * - everyone: "*" or { "AWS": "*" };
 * - account: "arn:aws:iam::<acct>:root" or "<acct>" — delegates to the account's identity policies.
 */
export type PrincipalMatch = 'session' | 'user' | 'role' | 'service' | 'everyone' | 'account';

export type PrincipalOutcome = { applies: true; matches: PrincipalMatch[] } | { applies: false; mismatch: Mismatch };

/** Whether the statement of a resource-based policy is about this principal, and how it names it. */
export function matchPrincipal(statement: PolicyStatement, principal: RequestPrincipal, hasBoundary: boolean): PrincipalOutcome {
  const requested = requesterName(principal);
  if (statement.Principal !== undefined) {
    const listed = principalNames(statement.Principal);
    const matches = listed.map((name) => matchName(name, principal)).filter((match): match is PrincipalMatch => match !== undefined);
    return matches.length > 0 ? { applies: true, matches } : { applies: false, mismatch: { part: 'principal', element: 'Principal', listed, requested } };
  }
  if (statement.NotPrincipal !== undefined) {
    if (statement.Effect === 'Allow') return { applies: false, mismatch: { part: 'principal', element: 'NotPrincipal-with-Allow' } };
    // "AWS JSON policy elements: NotPrincipal": with Deny it always denies a principal that has a
    // permissions boundary, whatever it lists.
    if (hasBoundary) return { applies: true, matches: ['everyone'] };
    const listed = principalNames(statement.NotPrincipal);
    const excludedBy = exclusion(listed, principal);
    return excludedBy === undefined
      ? { applies: true, matches: ['everyone'] }
      : { applies: false, mismatch: { part: 'principal', element: 'NotPrincipal', listed, requested, excludedBy } };
  }
  return { applies: false, mismatch: { part: 'principal', element: 'none' } };
}

export function principalNames(element: PolicyPrincipal): PrincipalName[] {
  if (element === '*') return [{ type: '*', value: '*' }];
  const names: PrincipalName[] = [];
  for (const type of ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const) {
    for (const value of listOf(element[type])) names.push({ type, value: String(value) });
  }
  return names;
}

/** How the requester would be named in a Principal element. */
export function requesterName(principal: RequestPrincipal): PrincipalName {
  return { type: principal.kind === 'service' ? 'Service' : 'AWS', value: principal.arn };
}

function matchName(name: PrincipalName, principal: RequestPrincipal): PrincipalMatch | undefined {
  if (name.type === '*') return 'everyone';
  if (principal.kind === 'service') {
    return name.type === 'Service' && name.value.toLowerCase() === principal.arn.toLowerCase() ? 'service' : undefined;
  }
  if (name.type !== 'AWS') return undefined;
  if (name.value === '*') return 'everyone';
  const accountId = principal.accountId ?? accountOf(principal.arn);
  if (accountId && (name.value === accountId || name.value === `arn:aws:iam::${accountId}:root`)) return 'account';
  if (name.value === principal.arn) return principal.kind === 'assumed-role' ? 'session' : 'user';
  if (principal.kind === 'assumed-role' && principal.roleArn && name.value === principal.roleArn) return 'role';
  return undefined;
}

/**
 * The listed name that exempts the requester from a NotPrincipal, if it is exempt: AWS checks the
 * account, then the role, then the session (or the user), so all of them must be listed — the
 * account, and the user's ARN or the role's (or session's) ARN.
 */
function exclusion(listed: PrincipalName[], principal: RequestPrincipal): string | undefined {
  const everyone = listed.find((name) => name.type === '*' || (name.type === 'AWS' && name.value === '*'));
  if (everyone) return everyone.value;
  if (principal.kind === 'service') return listed.find((name) => matchName(name, principal) === 'service')?.value;
  const kinds = listed.map((name) => ({ name, match: matchName(name, principal) }));
  const account = kinds.find((entry) => entry.match === 'account');
  if (!account) return undefined;
  if (principal.kind === 'root') return account.name.value;
  const own = kinds.find((entry) => entry.match === 'user' || entry.match === 'role' || entry.match === 'session');
  return own?.name.value;
}
