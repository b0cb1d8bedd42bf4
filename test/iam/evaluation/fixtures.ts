import type {
  EvaluationInput,
  NamedPolicy,
  PolicyDocument,
  PolicyKind,
  PolicyStatement,
  RequestContext,
  RequestPrincipal,
} from '../../../harness/iam/policy-types';

/** Shared builders for the evaluator's table-driven tests. */
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'ap-northeast-1';
export const MY_REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/my-repo`;
export const OTHER_REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/other-repo`;
export const MY_REPO_US_EAST_1 = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/my-repo`;

export function user(name = 'alice', account = ACCOUNT): RequestPrincipal {
  return { kind: 'user', arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, userName: name, userId: 'AIDACKCEVSQ6C2EXAMPLE' };
}

export function session(role = 'task-role', sessionName = 't1', account = ACCOUNT): RequestPrincipal {
  return {
    kind: 'assumed-role',
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${sessionName}`,
    accountId: account,
    roleArn: `arn:aws:iam::${account}:role/${role}`,
    userId: `AROADBQP57FF2AEXAMPLE:${sessionName}`,
    sessionName,
  };
}

export function root(account = ACCOUNT): RequestPrincipal {
  return { kind: 'root', arn: `arn:aws:iam::${account}:root`, accountId: account };
}

export function service(name: string): RequestPrincipal {
  return { kind: 'service', arn: name };
}

export function doc(statements: PolicyStatement | PolicyStatement[], version: string | undefined = '2012-10-17'): PolicyDocument {
  return { ...(version !== undefined ? { Version: version } : {}), Statement: statements };
}

export function policy(name: string, statements: PolicyStatement | PolicyStatement[], kind: PolicyKind = 'customer-managed', version?: string): NamedPolicy {
  return { name, kind, document: doc(statements, version === undefined ? '2012-10-17' : version) };
}

export function trust(role: string, statements: PolicyStatement | PolicyStatement[], account = ACCOUNT): NamedPolicy {
  return { name: role, kind: 'trust', arn: `arn:aws:iam::${account}:role/${role}`, attachedTo: `role ${role}`, document: doc(statements) };
}

export function input(
  principal: RequestPrincipal,
  action: string,
  resource: string,
  identityPolicies: NamedPolicy[],
  extra: { context?: RequestContext; permissionsBoundary?: NamedPolicy; resourcePolicy?: NamedPolicy } = {},
): EvaluationInput {
  return {
    request: { principal, action, resource, context: extra.context ?? {} },
    identityPolicies,
    ...(extra.permissionsBoundary ? { permissionsBoundary: extra.permissionsBoundary } : {}),
    ...(extra.resourcePolicy ? { resourcePolicy: extra.resourcePolicy } : {}),
  };
}

/** A one-statement Allow identity policy on `resource` with an optional Condition. */
export function allowWhen(action: string, resource: string, condition?: PolicyStatement['Condition'], version?: string): NamedPolicy {
  return policy('conditional', { Sid: 'Conditional', Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }, 'customer-managed', version);
}

/** The article's Lambda trust policy. */
export const LAMBDA_TRUST = [{ Effect: 'Allow' as const, Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }];
/** The trust policy an ECS task role needs. */
export const ECS_TASKS_TRUST = [{ Effect: 'Allow' as const, Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }];
