/**
 * What IAM must allow for one request: the action(s), the exact resource ARN(s) and the condition
 * keys AWS would set, worked out from the request alone (pure: no backend, no clock).
 * Anything the tables do not cover answers `{ modelled: false }` naming the operation, so the
 * gateway can fail closed.
 */
import { ec2Permissions } from './ec2';
import { ECR_OPERATIONS, ecrPermissions } from './ecr';
import { ECS_OPERATIONS, ecsPermissions } from './ecs';
import { IAM_OPERATIONS, iamPermissions } from './iam';
import { LOGS_OPERATIONS, logsPermissions } from './logs';
import { jsonBody, queryParameters } from './request-params';
import { S3_OPERATIONS, s3Permissions } from './s3';
import { STS_OPERATIONS, stsPermissions } from './sts';
import { notModelled, type AuthorizedRequest, type ConditionContext, type RequiredPermissions, type ServiceAnswer } from './types';

export type { AuthorizedRequest, ConditionContext, IamEntityKind, RequiredPermission, RequiredPermissions } from './types';

/** Global services answer from us-east-1: "IAM calls are always made to the us-east-1 Region" (aws:RequestedRegion, IAM User Guide). */
const GLOBAL_SERVICE_REGION: Record<string, string> = { iam: 'us-east-1' };

export function requiredPermissions(request: AuthorizedRequest): RequiredPermissions {
  const answer = serviceAnswer(request);
  if (!answer.modelled) return answer;
  return { modelled: true, permissions: answer.permissions, context: { ...globalContext(request), ...answer.context } };
}

/** The operations each service's tables model (EC2: every Describe* but the few named in ec2.ts). */
export const MODELLED_OPERATIONS: Record<string, readonly string[]> = {
  ecr: Object.keys(ECR_OPERATIONS),
  ecs: Object.keys(ECS_OPERATIONS),
  sts: Object.keys(STS_OPERATIONS),
  logs: Object.keys(LOGS_OPERATIONS),
  s3: S3_OPERATIONS,
  iam: Object.keys(IAM_OPERATIONS),
  ec2: ['Describe*'],
};

function serviceAnswer(request: AuthorizedRequest): ServiceAnswer {
  const { operation } = request;
  switch (operation.service) {
    case 'ecr':
    case 'ecs':
    case 'logs': {
      const params = jsonBody(request.body);
      if (!params) return notModelled(operation, 'its body is not a JSON object');
      const handler = { ecr: ecrPermissions, ecs: ecsPermissions, logs: logsPermissions }[operation.service];
      return handler(params, request) ?? notModelled(operation);
    }
    case 'iam':
      return iamPermissions(queryParameters(request.url, request.headers, request.body), request) ?? notModelled(operation);
    case 'sts':
      return stsPermissions(queryParameters(request.url, request.headers, request.body), request) ?? notModelled(operation);
    case 'ec2':
      return ec2Permissions(queryParameters(request.url, request.headers, request.body), request) ?? notModelled(operation);
    case 's3':
      return s3Permissions(request) ?? notModelled(operation);
    default:
      return notModelled(operation);
  }
}

/** Global condition keys that cost nothing to derive from the request. */
function globalContext(request: AuthorizedRequest): ConditionContext {
  return {
    'aws:RequestedRegion': GLOBAL_SERVICE_REGION[request.operation.service] ?? request.region,
    // The gateway listens on plain http (loopback), so no request arrives over TLS. A policy that
    // denies when aws:SecureTransport is false therefore denies every call made through the dojo.
    'aws:SecureTransport': false,
  };
}
