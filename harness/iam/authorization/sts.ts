/**
 * AWS STS (query protocol). Service Authorization Reference ("Actions, resources, and condition keys
 * for AWS Security Token Service"): AssumeRole needs the role resource
 *   role  arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}
 * which is the RoleArn the request gives. Session tags need sts:TagSession, a source identity
 * sts:SetSourceIdentity, on the same role.
 *
 * GetCallerIdentity: "No permissions are required to perform this operation. If an administrator
 * attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity
 * action, you can still perform this operation." (STS API Reference). GetSessionToken: "No
 * permissions are required for a user to get a session token." (IAM User Guide, "Permissions for
 * GetSessionToken"). Both are modelled with no permissions to check.
 */
import { queryList, queryString, queryTags, requestTagContext } from './request-params';
import { allow, missingParameter, type ConditionContext, type OperationHandler, type RequiredPermission, type ServiceAnswer, type AuthorizedRequest } from './types';

export const STS_OPERATIONS: Record<string, OperationHandler<URLSearchParams>> = {
  GetCallerIdentity: () => allow([]),
  GetSessionToken: () => allow([]),
  AssumeRole: (params, request) => {
    const roleArn = queryString(params, 'RoleArn');
    if (!roleArn) return missingParameter(request.operation, 'RoleArn', 'role');
    const tags = queryTags(params);
    const transitive = queryList(params, 'TransitiveTagKeys');
    const sourceIdentity = queryString(params, 'SourceIdentity');
    const permissions: RequiredPermission[] = [{ action: 'sts:AssumeRole', resource: roleArn }];
    if (Object.keys(tags).length > 0 || transitive.length > 0) permissions.push({ action: 'sts:TagSession', resource: roleArn });
    if (sourceIdentity) permissions.push({ action: 'sts:SetSourceIdentity', resource: roleArn });
    const context: ConditionContext = { ...requestTagContext(tags) };
    const sessionName = queryString(params, 'RoleSessionName');
    if (sessionName) context['sts:RoleSessionName'] = sessionName;
    const externalId = queryString(params, 'ExternalId');
    if (externalId) context['sts:ExternalId'] = externalId;
    if (sourceIdentity) context['sts:SourceIdentity'] = sourceIdentity;
    if (transitive.length > 0) context['sts:TransitiveTagKeys'] = transitive;
    return allow(permissions, context);
  },
  DecodeAuthorizationMessage: () => allow([{ action: 'sts:DecodeAuthorizationMessage', resource: '*' }]),
  GetAccessKeyInfo: () => allow([{ action: 'sts:GetAccessKeyInfo', resource: '*' }]),
};

export function stsPermissions(params: URLSearchParams, request: AuthorizedRequest): ServiceAnswer | undefined {
  return STS_OPERATIONS[request.operation.name]?.(params, request);
}
