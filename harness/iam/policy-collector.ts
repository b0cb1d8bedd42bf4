import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { NamedPolicy, PolicyDocument, PolicyKind, RequestPrincipal } from './policy-types';
import type { RegisteredPrincipal } from './principal-registry';

/** Everything IAM holds about a caller that decides what it may do. */
export interface PrincipalPolicies {
  principal: RequestPrincipal;
  identityPolicies: NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
}

/**
 * Reads a principal's policies from the backend (users: their own, their groups'; roles: their
 * own, for role sessions) and a role's trust policy. Kept until IAM changes in that account.
 */
export class PolicyCollector {
  private readonly cache = new Map<string, Map<string, Promise<unknown>>>();

  constructor(private readonly iamOf: (accountId: string) => IAMClient) {}

  /** Forgets what was read for the account: called after any IAM write in it. */
  invalidate(accountId: string): void {
    this.cache.delete(accountId);
  }

  policiesOf(principal: RegisteredPrincipal): Promise<PrincipalPolicies> {
    const key = principal.kind === 'user' ? `user:${principal.userName}` : `session:${principal.sessionArn}`;
    return this.cached(principal.accountId, key, () =>
      principal.kind === 'user' ? this.userPolicies(principal.accountId, principal.userName) : this.sessionPolicies(principal),
    );
  }

  /** The path of an existing user, role or group ("/" when it has none), or undefined when there is no such entity. */
  pathOf(accountId: string, kind: 'user' | 'role' | 'group', name: string): Promise<string | undefined> {
    return this.cached(accountId, `path:${kind}:${name}`, async () => {
      const iam = this.iamOf(accountId);
      const answer =
        kind === 'user'
          ? (await iam.send(new GetUserCommand({ UserName: name })).catch(notFoundAsUndefined))?.User
          : kind === 'role'
            ? (await iam.send(new GetRoleCommand({ RoleName: name })).catch(notFoundAsUndefined))?.Role
            : (await iam.send(new GetGroupCommand({ GroupName: name })).catch(notFoundAsUndefined))?.Group;
      return answer?.Path;
    });
  }

  /** The role's trust policy, or undefined when there is no such role. */
  trustPolicyOf(accountId: string, roleArn: string): Promise<NamedPolicy | undefined> {
    return this.cached(accountId, `trust:${roleArn}`, async () => {
      const iam = this.iamOf(accountId);
      const role = await iam.send(new GetRoleCommand({ RoleName: roleNameOf(roleArn) })).catch(notFoundAsUndefined);
      if (!role?.Role || role.Role.Arn !== roleArn) return undefined;
      return { name: role.Role.RoleName!, kind: 'trust', arn: role.Role.Arn, attachedTo: `role ${role.Role.RoleName}`, document: parse(role.Role.AssumeRolePolicyDocument) };
    });
  }

  private async userPolicies(accountId: string, userName: string): Promise<PrincipalPolicies> {
    const iam = this.iamOf(accountId);
    const { User } = await iam.send(new GetUserCommand({ UserName: userName }));
    const groups = (await iam.send(new ListGroupsForUserCommand({ UserName: userName }))).Groups ?? [];
    const attached = (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }))).AttachedPolicies ?? [];
    const inline = (await iam.send(new ListUserPoliciesCommand({ UserName: userName }))).PolicyNames ?? [];
    const identityPolicies = [
      ...(await Promise.all(attached.map((policy) => this.managed(iam, policy.PolicyArn!)))),
      ...(await Promise.all(
        inline.map(async (name) => inlinePolicy(name, `user ${userName}`, User!.Arn!, (await iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: name }))).PolicyDocument)),
      )),
    ];
    for (const group of groups) {
      const groupName = group.GroupName!;
      const groupAttached = (await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: groupName }))).AttachedPolicies ?? [];
      const groupInline = (await iam.send(new ListGroupPoliciesCommand({ GroupName: groupName }))).PolicyNames ?? [];
      identityPolicies.push(...(await Promise.all(groupAttached.map((policy) => this.managed(iam, policy.PolicyArn!)))));
      for (const name of groupInline) {
        const { PolicyDocument } = await iam.send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: name }));
        identityPolicies.push(inlinePolicy(name, `group ${groupName}`, group.Arn!, PolicyDocument));
      }
    }
    const boundaryArn = User?.PermissionsBoundary?.PermissionsBoundaryArn;
    return {
      principal: { kind: 'user', arn: User!.Arn!, accountId, userName, userId: User!.UserId },
      identityPolicies,
      permissionsBoundary: boundaryArn ? { ...(await this.managed(iam, boundaryArn)), kind: 'permissions-boundary' } : undefined,
    };
  }

  private async sessionPolicies(session: Extract<RegisteredPrincipal, { kind: 'assumed-role' }>): Promise<PrincipalPolicies> {
    const iam = this.iamOf(session.accountId);
    const roleName = roleNameOf(session.roleArn);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? [];
    const inline = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
    const identityPolicies = [
      ...(await Promise.all(attached.map((policy) => this.managed(iam, policy.PolicyArn!)))),
      ...(await Promise.all(
        inline.map(async (name) => inlinePolicy(name, `role ${roleName}`, session.roleArn, (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }))).PolicyDocument)),
      )),
    ];
    const boundaryArn = Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    return {
      principal: {
        kind: 'assumed-role',
        arn: session.sessionArn,
        accountId: session.accountId,
        roleArn: session.roleArn,
        sessionName: session.sessionName,
        userId: session.assumedRoleId,
      },
      identityPolicies,
      permissionsBoundary: boundaryArn ? { ...(await this.managed(iam, boundaryArn)), kind: 'permissions-boundary' } : undefined,
    };
  }

  private async managed(iam: IAMClient, policyArn: string): Promise<NamedPolicy> {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: Policy!.DefaultVersionId }));
    const kind: PolicyKind = policyArn.startsWith('arn:aws:iam::aws:') ? 'aws-managed' : 'customer-managed';
    return { name: Policy!.PolicyName!, kind, arn: policyArn, document: parse(PolicyVersion?.Document) };
  }

  private cached<T>(accountId: string, key: string, load: () => Promise<T>): Promise<T> {
    let entries = this.cache.get(accountId);
    if (!entries) this.cache.set(accountId, (entries = new Map()));
    let entry = entries.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = load();
      entries.set(key, entry);
      entry.catch(() => entries!.delete(key)); // a failed read is retried next time
    }
    return entry;
  }
}

function inlinePolicy(name: string, attachedTo: string, holderArn: string, document: string | undefined): NamedPolicy {
  return { name, kind: 'inline', arn: holderArn, attachedTo, document: parse(document) };
}

/** IAM returns policy documents URL-encoded. */
function parse(document: string | undefined): PolicyDocument {
  if (!document) return { Statement: [] };
  const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  return JSON.parse(text) as PolicyDocument;
}

function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function notFoundAsUndefined(error: { name?: string }): undefined {
  if (error.name === 'NoSuchEntity' || error.name === 'NoSuchEntityException') return undefined;
  throw error;
}
