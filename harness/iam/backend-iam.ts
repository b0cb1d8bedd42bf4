import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Backend } from '../backends/backend';
import { rootCredentials } from '../runner/clients';

/**
 * IAM and STS clients that talk to the backend directly as an account's root: the gateway's own
 * reads of policies, never traced nor enforced.
 */
export function backendClients(backend: Backend, accountId: string, region: string): { iam: IAMClient; sts: STSClient } {
  const config = { endpoint: backend.endpoint(), region, credentials: rootCredentials(accountId), maxAttempts: 2 };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  const headers = backend.accountHeaders(accountId);
  withAccountHeaders(iam, headers);
  withAccountHeaders(sts, headers);
  return { iam, sts };
}

/**
 * Adds the backend's account headers to every request of an SDK client. SDK clients' middleware
 * stacks have incompatible generic types, so this takes the one method it needs.
 */
export function withAccountHeaders<C extends { middlewareStack: { add: Function } }>(client: C, headers: Record<string, string>): C {
  client.middlewareStack.add(
    (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
      async (args: { request: { headers: Record<string, string> } }) => {
        Object.assign(args.request.headers, headers);
        return next(args);
      },
    { step: 'build', name: 'dojoAccountHeaders' },
  );
  return client;
}
