import type { KataClients } from '../runner/clients';
import type { SessionCredentials } from './assume-role';
import { attemptCall, withAccessKeyClients, type CallOutcome } from './signed-calls';

/**
 * Makes AWS calls as a role session (the credentials `assumeRoleAsService` hands out), through the
 * gateway, as code holding that session would: the IAM engine decides each call.
 */
export function callWithSession<T>(accountId: string, credentials: SessionCredentials, call: (clients: KataClients) => Promise<T>): Promise<CallOutcome<T>> {
  return withAccessKeyClients(credentials, (clients) => attemptCall(accountId, () => call(clients)));
}
