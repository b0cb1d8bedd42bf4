import type { IncomingHttpHeaders } from 'node:http';
import type { Operation } from '../../gateway/operation';

/** One request as the gateway received it, for working out what IAM must allow. */
export interface AuthorizedRequest {
  operation: Operation;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The caller's account: the resources the request names are in it unless an ARN says otherwise. */
  accountId: string;
  /** The region of the SigV4 credential scope. */
  region: string;
  /**
   * The caller's IAM user ARN, when the caller is an IAM user. IAM operations whose UserName is
   * optional (GetUser, ListAccessKeys, CreateAccessKey, …) act on the calling user when it is left out.
   */
  callerUserArn?: string;
  /**
   * The path of an existing IAM user, role, group or instance profile ("/" when unknown). AWS
   * authorizes against arn:aws:iam::<acct>:role/<path><name>, and a request names only the name.
   */
  iamPath?: (kind: IamEntityKind, name: string) => string | undefined;
}

export type IamEntityKind = 'user' | 'role' | 'group' | 'instance-profile';

/** Condition keys of the request, as AWS would set them (names as AWS spells them). */
export type ConditionContext = Record<string, string | string[] | boolean>;

/** One action on one resource that IAM must allow for the request to go through. */
export interface RequiredPermission {
  /** "service:Action", e.g. "ecr:BatchGetImage". */
  action: string;
  /** The exact resource ARN AWS authorizes against, or "*" for actions that take no resource. */
  resource: string;
  /**
   * How AWS names the resource in its denial message when that differs from `resource`:
   * IAM writes "role my-role" or "policy arn:aws:iam::…", S3 quotes the ARN; `null` when AWS
   * leaves "on resource: …" out altogether (EC2 and S3 actions on "*"). Absent: `resource` as is.
   */
  messageResource?: string | null;
}

export type RequiredPermissions =
  | { modelled: true; permissions: RequiredPermission[]; context?: ConditionContext }
  | { modelled: false; reason: string };

/** What a service module answers for one operation (the global condition keys are added after). */
export type ServiceAnswer = RequiredPermissions;

/** A service module's handler for one operation. */
export type OperationHandler<P> = (params: P, request: AuthorizedRequest) => ServiceAnswer;

export function allow(permissions: RequiredPermission[], context?: ConditionContext): ServiceAnswer {
  return context && Object.keys(context).length > 0 ? { modelled: true, permissions, context } : { modelled: true, permissions };
}

/** The operation is not in the dojo's tables (the gateway then refuses it, failing closed). */
export function notModelled(operation: Operation, detail?: string): ServiceAnswer {
  const base = `${operation.service}:${operation.name} is not modelled by the dojo's IAM engine yet`;
  return { modelled: false, reason: detail ? `${base} (${detail})` : base };
}

/** The request lacks what the dojo needs to name the resource (AWS would reject it anyway). */
export function missingParameter(operation: Operation, parameter: string, what: string): ServiceAnswer {
  return {
    modelled: false,
    reason: `${operation.service}:${operation.name} names no ${parameter}, so the dojo's IAM engine cannot tell which ${what} it acts on`,
  };
}
