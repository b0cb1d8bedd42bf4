/**
 * The answer AWS gives when IAM denies a request, per service and protocol, and the wording of its
 * message.
 *
 * Status and code, per protocol (each seen in real answers):
 * - awsJson (ECR, ECS, CloudWatch Logs): HTTP 400 AccessDeniedException.
 *   "… ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the
 *   ecr:GetAuthorizationToken action (Service: Ecr, Status Code: 400, …)" (AWS SDK for Java log
 *   quoted in a public repository); "… logs:CreateLogGroup … https response error StatusCode: 400,
 *   … api error AccessDeniedException: User: …" (elastic/apm-aws-lambda#526).
 * - query (IAM, STS): HTTP 403 AccessDenied.
 *   "operation error IAM: CreatePolicy, https response error StatusCode: 403, … api error
 *   AccessDenied: User: … is not authorized to perform: iam:CreatePolicy on resource: policy …"
 *   (elastic/apm-aws-lambda#526); "operation error STS: AssumeRole, https response error
 *   StatusCode: 403, … api error AccessDenied: User: … is not authorized to perform: sts:AssumeRole
 *   on resource: arn:aws:iam::301721915996:role/…" (a ROSA log quoted in a public repository).
 * - S3 (REST-XML): HTTP 403 AccessDenied. "operation error S3: CreateBucket, https response error
 *   StatusCode: 403, … api error AccessDenied: User: … is not authorized to perform: s3:CreateBucket
 *   on resource: \"arn:aws:s3:::my-static-site\" because no identity-based policy allows the
 *   s3:CreateBucket action". A HEAD request (HeadBucket, HeadObject) gets the status with no body.
 * - EC2: HTTP 403 UnauthorizedOperation, the message prefixed with "You are not authorized to
 *   perform this operation." and, for actions other than Describe*, followed by ". Encoded
 *   authorization failure message: …":
 *   "api error UnauthorizedOperation: You are not authorized to perform this operation. User:
 *   arn:aws:iam::966994807536:user/Anup is not authorized to perform: ec2:RunInstances on resource:
 *   arn:aws:ec2:ap-south-1:966994807536:instance/* with an explicit deny in an identity-based policy:
 *   arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3. Encoded authorization failure message: GHi3…"
 *   "You are not authorized to perform this operation. User: arn:aws:iam::548387266019:user/acsad-g09 is
 *   not authorized to perform: ec2:CreateSecurityGroup on resource: arn:aws:ec2:ap-southeast-1:548387266019:security-group/*
 *   because no identity-based policy allows the ec2:CreateSecurityGroup action. Encoded authorization failure message: Votd…"
 *   "StatusCode: 403, … api error UnauthorizedOperation: You are not authorized to perform this
 *   operation. User: arn:aws:iam::{account-id}:user/{username} is not authorized to perform:
 *   ec2:DescribeImages with an explicit deny in an identity-based policy" (all quoted in public repositories).
 *
 * The reason clauses follow the IAM User Guide, "Troubleshooting access denied error messages":
 *   "because no identity-based policy allows the codecommit:ListRepositories action"
 *   "with an explicit deny in an identity-based policy"
 *   "because no permissions boundary allows the codedeploy:ListDeployments action"
 *   "with an explicit deny in a permissions boundary"
 *   "because no resource-based policy allows the secretsmanager:GetSecretValue action"
 *   "with an explicit deny in a resource-based policy"
 *   "with an explicit deny in the role trust policy"
 * Newer explicit-deny messages name the managed policy after the type: "with an explicit deny in an
 * identity-based policy: arn:aws:iam::<acct>:policy/DenyBedrockAccess"; "with an explicit deny in a
 * permissions boundary: arn:aws:iam::548387266019:policy/umak-lab-boundary".
 * A role trust policy that does not allow the caller gives no reason at all:
 *   "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on
 *   resource: arn:aws:iam::123456789012:role/deploy" (many real logs; the guide's own implicit
 *   example for trust policies is garbled).
 */
import type { DecidedBy } from '../policy-types';
import { awsError, type AwsErrorResponse } from '../../gateway/aws-error';
import type { Operation } from '../../gateway/operation';
import type { RequiredPermission } from './types';

export interface NotAuthorizedInput {
  /** The caller as AWS names it: arn:aws:iam::<acct>:user/<name> or arn:aws:sts::<acct>:assumed-role/<role>/<session>. */
  principalArn: string;
  /** "service:Action". */
  action: string;
  /** The resource as the message names it (see `resourceInMessage`); null leaves "on resource: …" out. */
  resource: string | null;
  decision: 'ExplicitDeny' | 'ImplicitDeny';
  /** Which policy type denied: for sts:AssumeRole, 'resource' means the role trust policy. */
  decidedBy: DecidedBy;
  /** For an explicit deny in a managed policy: its ARN, which newer AWS messages name after the policy type. */
  policyArn?: string;
  /** EC2 only: what to carry in the "Encoded authorization failure message" (the dojo's own explanation). */
  explanation?: string;
}

/** How a denial names a required permission's resource: its messageResource, else its ARN. */
export function resourceInMessage(permission: RequiredPermission): string | null {
  return permission.messageResource === undefined ? permission.resource : permission.messageResource;
}

/** The message of an IAM denial, worded as the service that denies it words it. */
export function notAuthorizedMessage(input: NotAuthorizedInput): string {
  const { principalArn, action, resource, decision, decidedBy, policyArn } = input;
  const onResource = resource === null ? '' : ` on resource: ${resource}`;
  const core = `User: ${principalArn} is not authorized to perform: ${action}${onResource}`;
  const reason = reasonClause(action, decision, decidedBy, policyArn);
  const message = reason ? `${core} ${reason}` : core;
  if (!action.startsWith('ec2:')) return message;
  const prefixed = `You are not authorized to perform this operation. ${message}`;
  // EC2 encodes the authorization context for the actions it checks resource by resource; its
  // Describe* denials carry no encoded part.
  if (action.startsWith('ec2:Describe')) return prefixed;
  return `${prefixed}. Encoded authorization failure message: ${encodeAuthorizationMessage(input)}`;
}

function reasonClause(action: string, decision: NotAuthorizedInput['decision'], decidedBy: DecidedBy, policyArn?: string): string {
  const isTrustPolicy = decidedBy === 'resource' && action === 'sts:AssumeRole';
  if (decision === 'ImplicitDeny') {
    if (isTrustPolicy) return '';
    const type = { identity: 'identity-based policy', 'permissions-boundary': 'permissions boundary', resource: 'resource-based policy' }[decidedBy];
    return `because no ${type} allows the ${action} action`;
  }
  const type = isTrustPolicy
    ? 'the role trust policy'
    : { identity: 'an identity-based policy', 'permissions-boundary': 'a permissions boundary', resource: 'a resource-based policy' }[decidedBy];
  return `with an explicit deny in ${type}${policyArn ? `: ${policyArn}` : ''}`;
}

/**
 * The error response AWS sends for an IAM denial of `operation`: awsJson 400 AccessDeniedException,
 * query and S3 403 AccessDenied, EC2 403 UnauthorizedOperation.
 */
export function accessDeniedResponse(operation: Operation, message: string): AwsErrorResponse {
  switch (operation.protocol) {
    case 'json':
      return awsError('json', operation.service, 400, 'AccessDeniedException', message);
    case 'query':
      return awsError('query', operation.service, 403, 'AccessDenied', message);
    case 'ec2-query':
      return awsError('ec2-query', operation.service, 403, 'UnauthorizedOperation', message);
    case 'rest-xml': {
      const response = awsError('rest-xml', operation.service, 403, 'AccessDenied', message);
      // A HEAD answer has no body; S3 sends the status and its request id only.
      return operation.name === 'HeadObject' || operation.name === 'HeadBucket' ? { ...response, body: '' } : response;
    }
  }
}

/**
 * The opaque part EC2 appends. Real ones are encrypted and decoded with sts:DecodeAuthorizationMessage;
 * the dojo's is base64url JSON shaped like a decoded message, with the dojo's explanation added.
 */
function encodeAuthorizationMessage(input: NotAuthorizedInput): string {
  const decoded = {
    allowed: false,
    explicitDeny: input.decision === 'ExplicitDeny',
    matchedStatements: { items: [] },
    failures: { items: [] },
    context: {
      principal: { arn: input.principalArn },
      action: input.action,
      resource: input.resource ?? '*',
      conditions: { items: [] },
    },
    ...(input.explanation && { explanation: input.explanation }),
  };
  return Buffer.from(JSON.stringify(decoded), 'utf8').toString('base64url');
}

/** The JSON text inside an encoded authorization failure message the dojo made; undefined for any other text. */
export function decodeAuthorizationMessage(encoded: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  const text = Buffer.from(encoded, 'base64url').toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && (value as { allowed?: unknown }).allowed === false ? text : undefined;
  } catch {
    return undefined;
  }
}
