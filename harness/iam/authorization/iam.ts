/**
 * AWS IAM (query protocol, global: no region in its ARNs). Resource types per the Service
 * Authorization Reference ("Actions, resources, and condition keys for AWS Identity and Access
 * Management"):
 *   user              arn:${Partition}:iam::${Account}:user/${UserNameWithPath}
 *   role              arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}
 *   group             arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}
 *   policy            arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}
 *   instance-profile  arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}
 * A request names an existing entity by name only; its path comes from `request.iamPath` ("/" by
 * default). Creating calls carry the path (Path, default "/").
 *
 * IAM's own denials name the resource by type and name, not by ARN, except for list calls:
 *   "… is not authorized to perform: iam:GetRole on resource: role cdk-hnb659fds-file-publishing-role-341538367464-eu-west-2
 *    because no identity-based policy allows the iam:GetRole action" (aws/aws-cdk#27067, 2023)
 *   "… iam:CreateAccessKey on resource: user mella-admin because no identity-based policy allows …"
 *   "… iam:GetPolicy on resource: policy arn:aws:iam::792671221040:policy/s3-access-policy because …"
 *   "… iam:CreatePolicy on resource: policy smoketest_extension_l…" (elastic/apm-aws-lambda#526)
 *   "… iam:AttachRolePolicy on resource: role edapc5-RoleHeadNode-3WCWVCK2CZG because …" (aws/aws-parallelcluster-ui#246)
 * List calls without a subject authorize against the path prefix rather than "*" (so a policy on
 * arn:aws:iam::<acct>:user/* allows them):
 *   "… iam:ListUsers on resource: arn:aws:iam::362454057659:user/ because no identity-based policy allows the iam:ListUsers action"
 *   "… iam:ListRoles on resource: arn:aws:iam::921234892411:role/ because …"
 *   "… iam:ListPolicies on resource: policy path / because no identity-based policy allows the iam:ListPolicies action"
 *   (transcripts quoted in public repositories, 2024–2026)
 * Creating a user, role or policy with tags also needs iam:TagUser / iam:TagRole / iam:TagPolicy.
 * iam:PassRole is not an API call: whoever handles the call that passes a role checks it.
 */
import { queryList, queryString, queryTags, requestTagContext } from './request-params';
import {
  allow,
  missingParameter,
  type AuthorizedRequest,
  type ConditionContext,
  type IamEntityKind,
  type OperationHandler,
  type RequiredPermission,
  type ServiceAnswer,
} from './types';

type Params = URLSearchParams;

const PARAMETER: Record<IamEntityKind, string> = { user: 'UserName', role: 'RoleName', group: 'GroupName', 'instance-profile': 'InstanceProfileName' };

function normalisePath(path: string | undefined): string {
  if (!path) return '/';
  const leading = path.startsWith('/') ? path : `/${path}`;
  return leading.endsWith('/') ? leading : `${leading}/`;
}

function entityArn(request: AuthorizedRequest, kind: IamEntityKind, name: string, path?: string): string {
  const resolved = normalisePath(path ?? request.iamPath?.(kind, name));
  return `arn:aws:iam::${request.accountId}:${kind}${resolved}${name}`;
}

function entity(action: string, request: AuthorizedRequest, kind: IamEntityKind, name: string, path?: string): RequiredPermission {
  return { action: `iam:${action}`, resource: entityArn(request, kind, name, path), messageResource: `${kind} ${name}` };
}

interface EntityOptions {
  /** UserName may be left out: the call then acts on the calling IAM user. */
  defaultsToCaller?: boolean;
  context?: (params: Params) => ConditionContext;
}

function onEntity(kind: IamEntityKind, action: string, options: EntityOptions = {}): OperationHandler<Params> {
  return (params, request) => {
    const name = queryString(params, PARAMETER[kind]);
    const context = options.context?.(params);
    if (name) return allow([entity(action, request, kind, name)], context);
    if (options.defaultsToCaller && request.callerUserArn) {
      const userName = request.callerUserArn.slice(request.callerUserArn.lastIndexOf('/') + 1);
      return allow([{ action: `iam:${action}`, resource: request.callerUserArn, messageResource: `user ${userName}` }], context);
    }
    if (options.defaultsToCaller) {
      return {
        modelled: false,
        reason: `iam:${request.operation.name} names no UserName, so it acts on the calling IAM user, and the caller is not an IAM user the dojo knows`,
      };
    }
    return missingParameter(request.operation, PARAMETER[kind], kind);
  };
}

const onUser = (action: string, options?: EntityOptions) => onEntity('user', action, options);
const onRole = (action: string, options?: EntityOptions) => onEntity('role', action, options);
const onGroup = (action: string, options?: EntityOptions) => onEntity('group', action, options);
const onInstanceProfile = (action: string) => onEntity('instance-profile', action);
const selfOrUser = (action: string) => onUser(action, { defaultsToCaller: true });

/** Managed policies are named by PolicyArn; IAM's message shows that ARN. */
function onPolicy(action: string, context?: (params: Params) => ConditionContext): OperationHandler<Params> {
  return (params, request) => {
    const arn = queryString(params, 'PolicyArn');
    if (!arn) return missingParameter(request.operation, 'PolicyArn', 'policy');
    return allow([{ action: `iam:${action}`, resource: arn, messageResource: `policy ${arn}` }], context?.(params));
  };
}

/** Creating a user, role, group or instance profile: Path and name from the request, tags need iam:Tag<Kind>. */
function create(kind: IamEntityKind, action: string, tagAction?: string): OperationHandler<Params> {
  return (params, request) => {
    const name = queryString(params, PARAMETER[kind]);
    if (!name) return missingParameter(request.operation, PARAMETER[kind], kind);
    const path = normalisePath(queryString(params, 'Path'));
    const tags = queryTags(params);
    const permissions = [entity(action, request, kind, name, path)];
    if (tagAction && Object.keys(tags).length > 0) permissions.push(entity(tagAction, request, kind, name, path));
    const context: ConditionContext = requestTagContext(tags);
    const boundary = queryString(params, 'PermissionsBoundary');
    if (boundary) context['iam:PermissionsBoundary'] = boundary;
    return allow(permissions, context);
  };
}

/** List calls without a subject: the path prefix (PathPrefix, default "/") of the entity type. */
function list(kind: IamEntityKind | 'policy', action: string): OperationHandler<Params> {
  return (params, request) => {
    const prefix = normalisePath(queryString(params, 'PathPrefix'));
    const resource = `arn:aws:iam::${request.accountId}:${kind}${prefix}`;
    return allow([{ action: `iam:${action}`, resource, ...(kind === 'policy' && { messageResource: `policy path ${prefix}` }) }]);
  };
}

const onAccount = (action: string): OperationHandler<Params> => () => allow([{ action: `iam:${action}`, resource: '*' }]);

const policyArnContext = (params: Params): ConditionContext => {
  const arn = queryString(params, 'PolicyArn');
  return arn ? { 'iam:PolicyARN': arn } : {};
};
const boundaryContext = (params: Params): ConditionContext => {
  const arn = queryString(params, 'PermissionsBoundary');
  return arn ? { 'iam:PermissionsBoundary': arn } : {};
};
const tagContext = (params: Params): ConditionContext => requestTagContext(queryTags(params));
const tagKeysContext = (params: Params): ConditionContext => {
  const keys = queryList(params, 'TagKeys');
  return keys.length > 0 ? { 'aws:TagKeys': keys } : {};
};

export const IAM_OPERATIONS: Record<string, OperationHandler<Params>> = {
  // Users
  CreateUser: create('user', 'CreateUser', 'TagUser'),
  DeleteUser: onUser('DeleteUser'),
  GetUser: selfOrUser('GetUser'),
  UpdateUser: onUser('UpdateUser'),
  ListUsers: list('user', 'ListUsers'),
  ListGroupsForUser: onUser('ListGroupsForUser'),
  ListAttachedUserPolicies: onUser('ListAttachedUserPolicies'),
  ListUserPolicies: onUser('ListUserPolicies'),
  GetUserPolicy: onUser('GetUserPolicy'),
  PutUserPolicy: onUser('PutUserPolicy'),
  DeleteUserPolicy: onUser('DeleteUserPolicy'),
  AttachUserPolicy: onUser('AttachUserPolicy', { context: policyArnContext }),
  DetachUserPolicy: onUser('DetachUserPolicy', { context: policyArnContext }),
  PutUserPermissionsBoundary: onUser('PutUserPermissionsBoundary', { context: boundaryContext }),
  DeleteUserPermissionsBoundary: onUser('DeleteUserPermissionsBoundary'),
  ListUserTags: onUser('ListUserTags'),
  TagUser: onUser('TagUser', { context: tagContext }),
  UntagUser: onUser('UntagUser', { context: tagKeysContext }),
  ListAccessKeys: selfOrUser('ListAccessKeys'),
  CreateAccessKey: selfOrUser('CreateAccessKey'),
  DeleteAccessKey: selfOrUser('DeleteAccessKey'),
  UpdateAccessKey: selfOrUser('UpdateAccessKey'),
  GetLoginProfile: selfOrUser('GetLoginProfile'),
  CreateLoginProfile: selfOrUser('CreateLoginProfile'),
  DeleteLoginProfile: selfOrUser('DeleteLoginProfile'),
  ListMFADevices: selfOrUser('ListMFADevices'),
  ListSigningCertificates: selfOrUser('ListSigningCertificates'),
  ListSSHPublicKeys: selfOrUser('ListSSHPublicKeys'),
  ListServiceSpecificCredentials: selfOrUser('ListServiceSpecificCredentials'),
  // Groups
  CreateGroup: create('group', 'CreateGroup'),
  DeleteGroup: onGroup('DeleteGroup'),
  GetGroup: onGroup('GetGroup'),
  ListGroups: list('group', 'ListGroups'),
  AddUserToGroup: onGroup('AddUserToGroup'),
  RemoveUserFromGroup: onGroup('RemoveUserFromGroup'),
  AttachGroupPolicy: onGroup('AttachGroupPolicy', { context: policyArnContext }),
  DetachGroupPolicy: onGroup('DetachGroupPolicy', { context: policyArnContext }),
  ListAttachedGroupPolicies: onGroup('ListAttachedGroupPolicies'),
  ListGroupPolicies: onGroup('ListGroupPolicies'),
  GetGroupPolicy: onGroup('GetGroupPolicy'),
  PutGroupPolicy: onGroup('PutGroupPolicy'),
  DeleteGroupPolicy: onGroup('DeleteGroupPolicy'),
  // Roles
  CreateRole: create('role', 'CreateRole', 'TagRole'),
  DeleteRole: onRole('DeleteRole'),
  GetRole: onRole('GetRole'),
  ListRoles: list('role', 'ListRoles'),
  UpdateRole: onRole('UpdateRole'),
  UpdateRoleDescription: onRole('UpdateRoleDescription'),
  UpdateAssumeRolePolicy: onRole('UpdateAssumeRolePolicy'),
  PutRolePolicy: onRole('PutRolePolicy'),
  GetRolePolicy: onRole('GetRolePolicy'),
  DeleteRolePolicy: onRole('DeleteRolePolicy'),
  ListRolePolicies: onRole('ListRolePolicies'),
  AttachRolePolicy: onRole('AttachRolePolicy', { context: policyArnContext }),
  DetachRolePolicy: onRole('DetachRolePolicy', { context: policyArnContext }),
  ListAttachedRolePolicies: onRole('ListAttachedRolePolicies'),
  PutRolePermissionsBoundary: onRole('PutRolePermissionsBoundary', { context: boundaryContext }),
  DeleteRolePermissionsBoundary: onRole('DeleteRolePermissionsBoundary'),
  ListRoleTags: onRole('ListRoleTags'),
  TagRole: onRole('TagRole', { context: tagContext }),
  UntagRole: onRole('UntagRole', { context: tagKeysContext }),
  ListInstanceProfilesForRole: onRole('ListInstanceProfilesForRole'),
  // Managed policies
  CreatePolicy: (params, request) => {
    const name = queryString(params, 'PolicyName');
    if (!name) return missingParameter(request.operation, 'PolicyName', 'policy');
    const resource = `arn:aws:iam::${request.accountId}:policy${normalisePath(queryString(params, 'Path'))}${name}`;
    const tags = queryTags(params);
    const permissions: RequiredPermission[] = [{ action: 'iam:CreatePolicy', resource, messageResource: `policy ${name}` }];
    if (Object.keys(tags).length > 0) permissions.push({ action: 'iam:TagPolicy', resource, messageResource: `policy ${name}` });
    return allow(permissions, requestTagContext(tags));
  },
  DeletePolicy: onPolicy('DeletePolicy'),
  GetPolicy: onPolicy('GetPolicy'),
  ListPolicies: list('policy', 'ListPolicies'),
  CreatePolicyVersion: onPolicy('CreatePolicyVersion'),
  DeletePolicyVersion: onPolicy('DeletePolicyVersion'),
  GetPolicyVersion: onPolicy('GetPolicyVersion'),
  ListPolicyVersions: onPolicy('ListPolicyVersions'),
  SetDefaultPolicyVersion: onPolicy('SetDefaultPolicyVersion'),
  ListEntitiesForPolicy: onPolicy('ListEntitiesForPolicy'),
  ListPolicyTags: onPolicy('ListPolicyTags'),
  TagPolicy: onPolicy('TagPolicy', tagContext),
  UntagPolicy: onPolicy('UntagPolicy', tagKeysContext),
  // Instance profiles
  CreateInstanceProfile: create('instance-profile', 'CreateInstanceProfile'),
  DeleteInstanceProfile: onInstanceProfile('DeleteInstanceProfile'),
  GetInstanceProfile: onInstanceProfile('GetInstanceProfile'),
  ListInstanceProfiles: list('instance-profile', 'ListInstanceProfiles'),
  AddRoleToInstanceProfile: onInstanceProfile('AddRoleToInstanceProfile'),
  RemoveRoleFromInstanceProfile: onInstanceProfile('RemoveRoleFromInstanceProfile'),
  // The policy simulator acts on the user, group or role it simulates.
  SimulatePrincipalPolicy: (params, request) => {
    const source = queryString(params, 'PolicySourceArn');
    if (!source) return missingParameter(request.operation, 'PolicySourceArn', 'user, group or role');
    return allow([{ action: 'iam:SimulatePrincipalPolicy', resource: source }]);
  },
  SimulateCustomPolicy: onAccount('SimulateCustomPolicy'),
  // Account-wide reads
  GetAccountSummary: onAccount('GetAccountSummary'),
  GetAccountAuthorizationDetails: onAccount('GetAccountAuthorizationDetails'),
  GetAccountPasswordPolicy: onAccount('GetAccountPasswordPolicy'),
  ListAccountAliases: onAccount('ListAccountAliases'),
  GenerateCredentialReport: onAccount('GenerateCredentialReport'),
  GetCredentialReport: onAccount('GetCredentialReport'),
};

export function iamPermissions(params: Params, request: AuthorizedRequest): ServiceAnswer | undefined {
  return IAM_OPERATIONS[request.operation.name]?.(params, request);
}
