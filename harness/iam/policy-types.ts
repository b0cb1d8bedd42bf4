/**
 * The shapes the IAM engine shares: policy documents as AWS writes them, where a policy came
 * from, who asks, and what the evaluator decided.
 */

export type StringOrList = string | string[];

/** A policy principal: "*", or { AWS | Service | Federated | CanonicalUser: string | string[] }. */
export type PolicyPrincipal = '*' | Partial<Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', StringOrList>>;

/** Condition block: { Operator: { Key: value | values } }, e.g. { StringEquals: { 'aws:SourceAccount': '123456789012' } }. */
export type ConditionBlock = Record<string, Record<string, StringOrList | boolean | number | Array<string | boolean | number>>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export type PolicyKind = 'aws-managed' | 'customer-managed' | 'inline' | 'trust' | 'permissions-boundary';

/** A policy as the evaluator sees it: a name a learner recognises, where it came from, its document. */
export interface NamedPolicy {
  /** The policy's name, e.g. "kata-s3-put-objects" or, for an inline policy, its PolicyName. */
  name: string;
  kind: PolicyKind;
  /** The managed policy's ARN; for inline and trust policies, the ARN of the user/group/role holding it. */
  arn?: string;
  /** For inline policies: "user alice", "group pushers", "role task-role". */
  attachedTo?: string;
  document: PolicyDocument;
}

/** Who makes a request. */
export interface RequestPrincipal {
  kind: 'root' | 'user' | 'assumed-role' | 'service';
  /**
   * arn:aws:iam::<acct>:root, arn:aws:iam::<acct>:user/<path><name>,
   * arn:aws:sts::<acct>:assumed-role/<role>/<session>, or a service principal "ecs-tasks.amazonaws.com".
   */
  arn: string;
  /** Absent for a service principal. */
  accountId?: string;
  /** For users: the user name (${aws:username}). */
  userName?: string;
  /** For users: the unique id AIDA…; for role sessions "AROA…:<session>" (${aws:userid}). */
  userId?: string;
  /** For role sessions: the role's IAM ARN arn:aws:iam::<acct>:role/<path><name> (what Principal "AWS" matches, like aws:PrincipalArn). */
  roleArn?: string;
  sessionName?: string;
}

/** Condition keys of the request context; names compare case-insensitively. */
export type RequestContext = Record<string, string | string[] | boolean | number | undefined>;

/** One request to authorize: one action on one resource. */
export interface AuthorizationRequest {
  principal: RequestPrincipal;
  /** "service:Action" as the request made it, e.g. "ecr:DescribeImages". */
  action: string;
  /** The exact resource ARN, or "*" for actions that take no resource. */
  resource: string;
  context: RequestContext;
}

export interface EvaluationInput {
  request: AuthorizationRequest;
  /** Every identity-based policy of the principal: managed and inline, and for a user its groups' too. */
  identityPolicies: NamedPolicy[];
  /** The principal's permissions boundary, if it has one. */
  permissionsBoundary?: NamedPolicy;
  /**
   * A resource-based policy of the resource; for sts:AssumeRole the role's trust policy, which
   * must then allow the principal (a role cannot be assumed without it).
   */
  resourcePolicy?: NamedPolicy;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Points at one statement of one policy. */
export interface StatementRef {
  policy: Pick<NamedPolicy, 'name' | 'kind' | 'arn' | 'attachedTo'>;
  /** Position of the statement in the policy's Statement list (0-based). */
  index: number;
  sid?: string;
  statement: PolicyStatement;
}

export type StatementPart = 'effect' | 'action' | 'resource' | 'principal' | 'condition';

/** A statement that did not apply to the request, and why. */
export interface StatementMiss {
  ref: StatementRef;
  mismatched: StatementPart[];
  /** One English sentence per mismatch, e.g. 'Resource "arn:…:repository/my-repo" does not match "arn:…:repository/other-repo"'. */
  reasons: string[];
}

/** Which policy type ended in the decision (for AWS's "because …" wording). */
export type DecidedBy = 'identity' | 'permissions-boundary' | 'resource';

export interface EvaluationResult {
  decision: Decision;
  /** For ExplicitDeny the matching Deny statements, for Allow the matching Allow statements, for ImplicitDeny none. */
  decidingStatements: StatementRef[];
  /** The policy type that denied (ExplicitDeny: where the Deny is; ImplicitDeny: what lacked an Allow), or that allowed. */
  decidedBy: DecidedBy;
  /** For ImplicitDeny: the Allow statement that came closest (fewest mismatched parts), if any statement exists. */
  closest?: StatementMiss;
}
