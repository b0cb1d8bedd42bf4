import type { RequestContext, RequestPrincipal } from '../policy-types';

/**
 * The request's condition keys, looked up case-insensitively, with the principal keys AWS always
 * sets ("AWS global condition context keys"; "IAM policy elements: Variables and tags", table of
 * principal key values) filled in from the principal when the caller left them out.
 */
export class ContextKeys {
  private readonly values = new Map<string, string[]>();

  constructor(principal: RequestPrincipal, context: RequestContext) {
    for (const [key, value] of Object.entries(principalKeys(principal))) this.set(key, value);
    for (const [key, value] of Object.entries(context)) this.set(key, value);
  }

  /** The key's values; undefined when the request has no such key (an empty list counts as absent). */
  get(key: string): string[] | undefined {
    const values = this.values.get(key.toLowerCase());
    return values && values.length > 0 ? values : undefined;
  }

  /** A key with exactly one value (what a policy variable can stand for), else undefined. */
  single(key: string): string | undefined {
    const values = this.get(key);
    return values?.length === 1 ? values[0] : undefined;
  }

  private set(key: string, value: RequestContext[string]): void {
    if (value === undefined) return;
    this.values.set(key.toLowerCase(), (Array.isArray(value) ? value : [value]).map(String));
  }
}

function principalKeys(principal: RequestPrincipal): RequestContext {
  switch (principal.kind) {
    case 'user':
      return {
        'aws:PrincipalArn': principal.arn,
        'aws:PrincipalAccount': principal.accountId ?? accountOf(principal.arn),
        'aws:PrincipalType': 'User',
        'aws:username': principal.userName ?? principal.arn.split('/').pop(),
        'aws:userid': principal.userId,
      };
    case 'assumed-role':
      return {
        'aws:PrincipalArn': principal.roleArn ?? principal.arn,
        'aws:PrincipalAccount': principal.accountId ?? accountOf(principal.arn),
        'aws:PrincipalType': 'AssumedRole',
        'aws:userid': principal.userId,
      };
    case 'root': {
      const accountId = principal.accountId ?? accountOf(principal.arn);
      return { 'aws:PrincipalArn': principal.arn, 'aws:PrincipalAccount': accountId, 'aws:PrincipalType': 'Account', 'aws:userid': accountId };
    }
    case 'service':
      return { 'aws:PrincipalServiceName': principal.arn };
  }
}

/** The account field of an ARN (arn:partition:service:region:account:resource), if it has one. */
export function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
