import type { DecidedBy, Decision, EvaluationInput } from '../policy-types';
import { accountOf, ContextKeys } from './request-context';
import { checkPolicy, type StatementCheck } from './statements';

/** Everything the evaluator found: the decision, and what explanations need to say why. */
export interface Analysis {
  decision: Decision;
  decidedBy: DecidedBy;
  deciding: StatementCheck[];
  /** For ImplicitDeny: the Allow statement of the deciding policy type that came closest. */
  closest?: StatementCheck;
  checks: Record<DecidedBy, StatementCheck[]>;
  isAssumeRole: boolean;
  /** The principal's account differs from the account in the resource's ARN. */
  crossAccount: boolean;
  /** sts:AssumeRole with no trust policy given. */
  trustMissing: boolean;
  /** The resource-based policy allows the request only by naming the principal's account. */
  resourceDelegates: boolean;
}

const ASSUME_ROLE = 'sts:assumerole';

/**
 * "Policy evaluation logic" for one account ("How AWS enforcement code logic evaluates requests",
 * "Policy evaluation for requests within a single account", "Permissions boundaries for IAM
 * entities"): an applicable Deny anywhere wins; then a resource-based policy that names the
 * principal itself allows on its own, one that names the account delegates to the identity-based
 * policies, which must allow within the permissions boundary. sts:AssumeRole needs the role's
 * trust policy to allow the principal too.
 */
export function analyse(input: EvaluationInput): Analysis {
  const { request } = input;
  const { principal } = request;
  const keys = new ContextKeys(principal, request.context);
  const isService = principal.kind === 'service';
  const boundary = isService || principal.kind === 'root' ? undefined : input.permissionsBoundary;
  const hasBoundary = boundary !== undefined;
  const checks: Record<DecidedBy, StatementCheck[]> = {
    identity: isService ? [] : input.identityPolicies.flatMap((policy) => checkPolicy(policy, 'identity', request, keys, hasBoundary)),
    'permissions-boundary': boundary ? checkPolicy(boundary, 'permissions-boundary', request, keys, hasBoundary) : [],
    resource: input.resourcePolicy ? checkPolicy(input.resourcePolicy, 'resource', request, keys, hasBoundary) : [],
  };
  const isAssumeRole = request.action.toLowerCase() === ASSUME_ROLE;
  const principalAccount = principal.accountId ?? accountOf(principal.arn);
  const resourceAccount = accountOf(request.resource);
  const crossAccount = !isService && !!principalAccount && !!resourceAccount && principalAccount !== resourceAccount;
  const base = { checks, isAssumeRole, crossAccount, trustMissing: isAssumeRole && !input.resourcePolicy, resourceDelegates: false };

  const all = [...checks.identity, ...checks['permissions-boundary'], ...checks.resource];
  const denies = all.filter((check) => check.applies && check.ref.statement.Effect === 'Deny');
  if (denies.length > 0) return { ...base, decision: 'ExplicitDeny', decidedBy: denies[0].source, deciding: denies };

  const allowing = (source: DecidedBy) => checks[source].filter((check) => check.applies && check.ref.statement.Effect === 'Allow');
  const identityAllows = allowing('identity');
  const boundaryAllows = allowing('permissions-boundary');
  const resourceAllows = allowing('resource');
  // The account root has full access unless something denies it.
  const identityAllowed = principal.kind === 'root' || identityAllows.length > 0;
  const boundaryAllowed = !hasBoundary || boundaryAllows.length > 0;
  const identityGrant = !isService && identityAllowed && boundaryAllowed;

  // A resource-based policy that names the principal itself grants on its own within the account:
  // the boundary does not limit grants to a user or a session, but does limit grants to the role.
  const grantsAlone = (check: StatementCheck) => {
    const named = check.principalMatches;
    if (isService) return named.length > 0;
    if (named.includes('user') || named.includes('session')) return true;
    return (named.includes('role') || named.includes('everyone')) && boundaryAllowed;
  };
  const alone = crossAccount ? [] : resourceAllows.filter(grantsAlone);
  const boundaryBlocks =
    hasBoundary && !boundaryAllowed && (identityAllowed || resourceAllows.some((check) => check.principalMatches.some((m) => m === 'role' || m === 'everyone')));
  const deniedBy: DecidedBy = boundaryBlocks ? 'permissions-boundary' : 'identity';
  const resourceDelegates = resourceAllows.length > 0 && alone.length === 0;
  const allow = (decidedBy: DecidedBy, deciding: StatementCheck[]): Analysis => ({ ...base, resourceDelegates, decision: 'Allow', decidedBy, deciding });
  const implicitDeny = (decidedBy: DecidedBy): Analysis => ({
    ...base,
    resourceDelegates,
    decision: 'ImplicitDeny',
    decidedBy,
    deciding: [],
    closest: closestAllow(checks[decidedBy]),
  });

  const resourceRequired = isAssumeRole || isService || crossAccount;
  if (resourceRequired && resourceAllows.length === 0) {
    // Cross-account, the caller's own side must allow first; then the resource's side is missing.
    return implicitDeny(crossAccount && !identityGrant ? deniedBy : 'resource');
  }
  if (alone.length > 0) return allow('resource', alone);
  if (identityGrant) return allow('identity', [...(resourceRequired ? resourceAllows : []), ...identityAllows]);
  return implicitDeny(deniedBy);
}

/** The Allow statement with the fewest mismatched parts (the first of equals), among those that did not apply. */
function closestAllow(checks: StatementCheck[]): StatementCheck | undefined {
  let best: StatementCheck | undefined;
  let bestParts = Infinity;
  for (const check of checks) {
    if (check.applies || check.ref.statement.Effect !== 'Allow') continue;
    const parts = new Set(check.mismatches.map((mismatch) => mismatch.part)).size;
    if (parts < bestParts) {
      best = check;
      bestParts = parts;
    }
  }
  return best;
}
