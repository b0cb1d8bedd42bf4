/** A non-root caller the gateway has seen being given credentials. */
export type RegisteredPrincipal =
  | { kind: 'user'; accountId: string; userName: string; secretAccessKey: string }
  | {
      kind: 'assumed-role';
      accountId: string;
      /** arn:aws:sts::<acct>:assumed-role/<role>/<session> */
      sessionArn: string;
      /** arn:aws:iam::<acct>:role/<path><role> */
      roleArn: string;
      /** AROA…:<session> */
      assumedRoleId: string;
      sessionName: string;
      /** The service principal that assumed the role for a customer (ecs-tasks.amazonaws.com for a task), if one did. */
      assumedBy?: string;
      secretAccessKey: string;
      sessionToken: string;
      expiresAt: number;
    };

/**
 * Access keys of IAM users and role sessions, learnt from the CreateAccessKey and AssumeRole
 * answers that pass through the gateway (every call does). Keys made elsewhere are unknown,
 * and an unknown key is refused rather than trusted.
 */
export class PrincipalRegistry {
  private readonly byAccessKey = new Map<string, RegisteredPrincipal>();

  register(accessKeyId: string, principal: RegisteredPrincipal): void {
    this.byAccessKey.set(accessKeyId, principal);
  }

  forget(accessKeyId: string): void {
    this.byAccessKey.delete(accessKeyId);
  }

  lookup(accessKeyId: string): RegisteredPrincipal | undefined {
    return this.byAccessKey.get(accessKeyId);
  }
}
