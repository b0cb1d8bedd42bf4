import type { IncomingHttpHeaders } from 'node:http';
import { accessDeniedResponse, notAuthorizedMessage, resourceInMessage } from '../iam/authorization/access-denied';
import { queryParameters } from '../iam/authorization/request-params';
import { requiredPermissions } from '../iam/authorization/required-permissions';
import { evaluate } from '../iam/evaluate';
import { explainDecision } from '../iam/explain';
import type { PolicyCollector } from '../iam/policy-collector';
import type { EvaluationInput, NamedPolicy, RequestPrincipal } from '../iam/policy-types';
import type { PrincipalRegistry, RegisteredPrincipal } from '../iam/principal-registry';
import type { Bilingual } from '../i18n';
import { awsError, unknownAccessKeyError, type AwsErrorResponse } from './aws-error';
import type { Caller } from './caller';
import type { Operation } from './operation';

export interface RequestFacts {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Either forward the call into `accountId`, or answer with `response` (and say why). */
export type Verdict =
  | { allowed: true; accountId: string }
  | { allowed: false; accountId?: string; response: AwsErrorResponse; errorCode: string; explanation?: Bilingual };

/**
 * The account root may do anything (but assume a role its trust policy does not allow); an IAM
 * user or role session may do what its policies allow, decided by the harness's own IAM engine
 * for every modelled operation, and nothing else.
 */
export class IamEnforcer {
  constructor(
    private readonly registry: PrincipalRegistry,
    private readonly collector: PolicyCollector,
  ) {}

  async authorize(caller: Caller, operation: Operation, request: RequestFacts): Promise<Verdict> {
    if (caller.kind === 'root') {
      const root: RequestPrincipal = { kind: 'root', arn: `arn:aws:iam::${caller.accountId}:root`, accountId: caller.accountId };
      if (!isAssumeRole(operation)) return { allowed: true, accountId: caller.accountId };
      return this.decide(root, [rootFullAccess(caller.accountId)], undefined, caller.accountId, caller.region, operation, request);
    }

    const known = this.registry.lookup(caller.accessKeyId);
    const credentialProblem = known ? sessionProblem(known, request) : 'unknown';
    if (credentialProblem === 'unknown' || !known) {
      return deny(unknownAccessKeyError(operation.protocol, operation.service, caller.accessKeyId,
        `dojo: ${caller.accessKeyId} is not an account root key (a 12-digit account id) and no IAM user or role session here owns it`));
    }
    if (credentialProblem === 'invalid-token') {
      return deny(unknownAccessKeyError(operation.protocol, operation.service, caller.accessKeyId,
        `dojo: the session token sent with ${caller.accessKeyId} is not the one its role session was given`), known.accountId);
    }
    if (credentialProblem === 'expired') {
      const json = operation.protocol === 'json';
      return deny(awsError(operation.protocol, operation.service, json ? 400 : 403, json ? 'ExpiredTokenException' : 'ExpiredToken',
        'The security token included in the request is expired'), known.accountId);
    }

    const { principal, identityPolicies, permissionsBoundary } = await this.collector.policiesOf(known);
    return this.decide(principal, identityPolicies, permissionsBoundary, known.accountId, caller.region, operation, request);
  }

  private async decide(
    principal: RequestPrincipal,
    identityPolicies: NamedPolicy[],
    permissionsBoundary: NamedPolicy | undefined,
    accountId: string,
    region: string,
    operation: Operation,
    request: RequestFacts,
  ): Promise<Verdict> {
    const callerUserArn = principal.kind === 'user' ? principal.arn : undefined;
    const iamPath = operation.service === 'iam' ? await this.pathsNamedIn(accountId, request) : undefined;
    const required = requiredPermissions({ operation, ...request, accountId, region, callerUserArn, iamPath });
    if (!required.modelled) {
      const action = `${operation.service}:${operation.name}`;
      const message = `User: ${principal.arn} is not authorized to perform: ${action} because the dojo's IAM engine does not model this operation, so it is denied to IAM users and role sessions (${required.reason}). Call it as the account root.`;
      return deny(accessDeniedResponse(operation, message), accountId, {
        en: `${action} is not modelled by the dojo's IAM engine, so it is denied to ${principal.arn}; only the account root may call it.`,
        ja: `${action} は dojo の IAM エンジンがまだ扱えない操作なので、${principal.arn} には拒否されます。呼び出せるのはアカウントのルートだけです。`,
      });
    }
    for (const permission of required.permissions) {
      const { action, resource } = permission;
      const input: EvaluationInput = {
        request: { principal, action, resource, context: { ...(required.context ?? {}) } },
        identityPolicies,
        permissionsBoundary,
        resourcePolicy: action.toLowerCase() === 'sts:assumerole' ? await this.collector.trustPolicyOf(accountId, resource) : undefined,
      };
      if (action.toLowerCase() === 'sts:assumerole' && !input.resourcePolicy) {
        const message = notAuthorizedMessage({ principalArn: principal.arn, action, resource: resourceInMessage(permission), decision: 'ImplicitDeny', decidedBy: 'resource' });
        return deny(accessDeniedResponse(operation, message), accountId, {
          en: `There is no role ${resource} in account ${accountId}, so ${principal.arn} cannot assume it. Check the role's name and path.`,
          ja: `アカウント ${accountId} にロール ${resource} がないため、${principal.arn} はそれを引き受けられません。ロールの名前とパスを確かめてください。`,
        });
      }
      const result = evaluate(input);
      if (result.decision !== 'Allow') {
        const message = notAuthorizedMessage({ principalArn: principal.arn, action, resource: resourceInMessage(permission), decision: result.decision, decidedBy: result.decidedBy });
        return deny(accessDeniedResponse(operation, message), accountId, explainDecision(input, result));
      }
    }
    return { allowed: true, accountId };
  }

  /**
   * The paths of the users, roles and groups an IAM request names, so their ARNs are exact
   * (arn:aws:iam::<acct>:role/service-role/<name>); an entity that does not exist yet gets "/".
   */
  private async pathsNamedIn(accountId: string, request: RequestFacts): Promise<(kind: string, name: string) => string | undefined> {
    const params = queryParameters(request.url, request.headers, request.body);
    const paths = new Map<string, string | undefined>();
    for (const [parameter, kind] of NAMED_ENTITIES) {
      const name = params.get(parameter);
      if (name) paths.set(`${kind}/${name}`, await this.collector.pathOf(accountId, kind, name));
    }
    return (kind, name) => paths.get(`${kind}/${name}`);
  }
}

const NAMED_ENTITIES = [['UserName', 'user'], ['RoleName', 'role'], ['GroupName', 'group']] as const;

function deny(response: AwsErrorResponse, accountId?: string, explanation?: Bilingual): Verdict {
  const errorCode = response.headers['x-amzn-errortype'] ?? response.body.match(/<Code>([^<]+)<\/Code>/)?.[1] ?? 'AccessDenied';
  return { allowed: false, accountId, response, errorCode, explanation };
}

function isAssumeRole(operation: Operation): boolean {
  return operation.service === 'sts' && operation.name === 'AssumeRole';
}

/** The account root's identity: everything, so only the role's trust policy decides. */
function rootFullAccess(accountId: string): NamedPolicy {
  return {
    name: 'account root (all actions)',
    kind: 'inline',
    arn: `arn:aws:iam::${accountId}:root`,
    attachedTo: 'the account root',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  };
}

/** A role session must present its session token, before it expires. */
function sessionProblem(principal: RegisteredPrincipal, request: RequestFacts): 'invalid-token' | 'expired' | undefined {
  if (principal.kind !== 'assumed-role') return undefined;
  const token = request.headers['x-amz-security-token'] ?? request.url.searchParams.get('X-Amz-Security-Token');
  if (token !== principal.sessionToken) return 'invalid-token';
  if (Date.now() > principal.expiresAt) return 'expired';
  return undefined;
}
