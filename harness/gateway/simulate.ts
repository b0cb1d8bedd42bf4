import { GetRoleCommand, GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { evaluate } from '../iam/evaluate';
import { explainDecision } from '../iam/explain';
import type { PolicyCollector, PrincipalPolicies } from '../iam/policy-collector';
import type { DecidedBy, Decision, EvaluationInput, NamedPolicy, RequestContext, StatementMiss, StatementRef } from '../iam/policy-types';
import type { Bilingual } from '../i18n';

/**
 * What IAM's SimulatePrincipalPolicy asks: may this IAM role (or user) perform each action on each
 * resource? Every action is paired with every resource.
 */
export interface SimulationRequest {
  accountId: string;
  /** arn:aws:iam::<account>:role/<path><name> or arn:aws:iam::<account>:user/<path><name>. */
  principalArn: string;
  /** "service:Action", e.g. "ecr:DescribeImages". */
  actions: string[];
  /** Exact resource ARNs, or "*" for actions that take no resource. */
  resources: string[];
  /** aws:RequestedRegion for every pair; by default the region in the resource's ARN, when it has one. */
  region?: string;
  /** Further condition keys, as a request would set them. */
  context?: RequestContext;
}

/** The engine's decision on one action and one resource. */
export interface SimulatedDecision {
  action: string;
  resource: string;
  decision: Decision;
  decidedBy: DecidedBy;
  /** Allow: the statements that allow it; ExplicitDeny: the Deny statements; ImplicitDeny: none. */
  statements: StatementRef[];
  /** ImplicitDeny: the Allow statement that came closest, and why it did not apply. */
  closest?: StatementMiss;
  explanation: Bilingual;
}

export type Simulation =
  | {
      found: true;
      /** Who was simulated: for a role, a session of it (what a task or a service holds). */
      principalArn: string;
      /** Every policy the engine read for the principal: attached managed ones, then inline ones. */
      identityPolicies: NamedPolicy[];
      permissionsBoundary?: NamedPolicy;
      results: SimulatedDecision[];
    }
  | { found: false; message: Bilingual };

/** Enough for any kata's question, and a guard against a request that would hold the gateway for long. */
export const MAX_SIMULATED_PAIRS = 10_000;
const SESSION_NAME = 'dojo-simulation';
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\//;

/**
 * Decides every action × resource pair with the same engine, policies and global condition keys
 * the gateway enforces real calls with. A role is simulated as a session of it, since that is
 * what calls AWS: `aws:SecureTransport` is false, as for every call through the dojo's plain-HTTP
 * gateway.
 */
export async function simulatePrincipal(request: SimulationRequest, collector: PolicyCollector, iam: IAMClient): Promise<Simulation> {
  const policies = await principalPolicies(request, collector, iam);
  if (!policies) {
    return {
      found: false,
      message: {
        en: `There is no IAM role or user ${request.principalArn} in account ${request.accountId} to simulate.`,
        ja: `アカウント ${request.accountId} に、シミュレーションする IAM ロールまたはユーザー ${request.principalArn} がありません。`,
      },
    };
  }
  const results: SimulatedDecision[] = [];
  for (const action of request.actions) {
    for (const resource of request.resources) {
      const region = request.region ?? regionOf(resource);
      const input: EvaluationInput = {
        request: {
          principal: policies.principal,
          action,
          resource,
          context: { ...(region && { 'aws:RequestedRegion': region }), 'aws:SecureTransport': false, ...request.context },
        },
        identityPolicies: policies.identityPolicies,
        permissionsBoundary: policies.permissionsBoundary,
        // As the gateway enforces it: assuming a role needs that role's trust policy to agree.
        resourcePolicy: action.toLowerCase() === 'sts:assumerole' && ROLE_ARN.test(resource) ? await collector.trustPolicyOf(request.accountId, resource) : undefined,
      };
      const result = evaluate(input);
      results.push({
        action,
        resource,
        decision: result.decision,
        decidedBy: result.decidedBy,
        statements: result.decidingStatements,
        ...(result.closest && { closest: result.closest }),
        explanation: explainDecision(input, result),
      });
    }
  }
  return {
    found: true,
    principalArn: policies.principal.arn,
    identityPolicies: policies.identityPolicies,
    ...(policies.permissionsBoundary && { permissionsBoundary: policies.permissionsBoundary }),
    results,
  };
}

async function principalPolicies({ accountId, principalArn }: SimulationRequest, collector: PolicyCollector, iam: IAMClient): Promise<PrincipalPolicies | undefined> {
  const match = /^arn:aws:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  if (!match || match[1] !== accountId) return undefined;
  const [, , kind, name] = match;
  if (kind === 'user') {
    const user = (await iam.send(new GetUserCommand({ UserName: name })).catch(notFound))?.User;
    if (user?.Arn !== principalArn) return undefined;
    return collector.policiesOf({ kind: 'user', accountId, userName: name, secretAccessKey: '' });
  }
  const role = (await iam.send(new GetRoleCommand({ RoleName: name })).catch(notFound))?.Role;
  if (role?.Arn !== principalArn) return undefined;
  return collector.policiesOf({
    kind: 'assumed-role',
    accountId,
    roleArn: principalArn,
    sessionArn: `arn:aws:sts::${accountId}:assumed-role/${name}/${SESSION_NAME}`,
    assumedRoleId: `${role.RoleId}:${SESSION_NAME}`,
    sessionName: SESSION_NAME,
    // No credentials exist for a simulated session: it is never registered, only evaluated.
    secretAccessKey: '',
    sessionToken: '',
    expiresAt: 0,
  });
}

/** The region field of an ARN (arn:partition:service:region:account:resource), if it has one. */
function regionOf(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

function notFound(error: { name?: string }): undefined {
  if (error.name === 'NoSuchEntity' || error.name === 'NoSuchEntityException') return undefined;
  throw error;
}
