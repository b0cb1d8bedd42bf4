import type { TraceEntry } from '../gateway/trace';
import type { Bilingual } from '../i18n';
import { currentLocalCloud } from '../runner/cloud-env';
import { createClients, destroyClients, type KataClients } from '../runner/clients';
import { accountCalls } from '../runner/control-api';

/** A session of a role as a service got it, with SDK clients that sign with its credentials. */
export type ServiceRoleSession =
  | { allowed: true; sessionArn: string; clients: KataClients; close(): void }
  | { allowed: false; explanation: Bilingual };

/**
 * Assumes role `roleArn` as AWS service `service` would (ECS for a task role: the role's trust
 * policy decides) and returns clients pointed at the gateway with the session's credentials, so
 * a check can call AWS exactly as the task's containers do. Call `close()` when done.
 */
export async function roleSessionAsService(accountId: string, roleArn: string, service: string, sessionName = 'kata-check'): Promise<ServiceRoleSession> {
  const { gatewayUrl, region } = currentLocalCloud();
  const response = await fetch(`${gatewayUrl}/_dojo/accounts/${accountId}/service-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roleArn, service, sessionName }),
  });
  if (response.status !== 200 && response.status !== 403) {
    throw new Error(`The dojo gateway's service-sessions route answered HTTP ${response.status}: ${await response.text()}`);
  }
  const session = (await response.json()) as
    | { allowed: true; sessionArn: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string } }
    | { allowed: false; explanation: Bilingual };
  if (!session.allowed) return session;
  const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
  const clients = createClients({ endpoint: gatewayUrl, region, credentials: { accessKeyId, secretAccessKey, sessionToken } });
  return { allowed: true, sessionArn: session.sessionArn, clients, close: () => destroyClients(clients) };
}

/** How one AWS call went: its answer, or its error with the gateway's explanation of a refusal. */
export type CallAttempt<T> =
  | { ok: true; value: T }
  | { ok: false; errorCode: string; message: string; explanation?: Bilingual };

/**
 * Makes one call (`send`) in account `accountId` and, when AWS answers with an error, finds the
 * gateway's record of operation `operation` to carry the IAM engine's explanation of a refusal.
 * An error that is not an AWS answer (a bug in `send`, say) is thrown as it is.
 */
export async function attemptCall<T>(accountId: string, operation: string, send: () => Promise<T>): Promise<CallAttempt<T>> {
  const { gatewayUrl } = currentLocalCloud();
  const marker = (await accountCalls(gatewayUrl, accountId, Number.MAX_SAFE_INTEGER)).latestSeq;
  try {
    return { ok: true, value: await send() };
  } catch (error) {
    // Only an answer from AWS (the gateway) is an outcome; anything else is the check's own failure.
    if (!(error instanceof Error) || !('$metadata' in error)) throw error;
    const { calls } = await accountCalls(gatewayUrl, accountId, marker);
    const refused = calls.filter((call) => call.operation === operation && call.errorCode).pop();
    return {
      ok: false,
      errorCode: (error as Error).name,
      message: (error as Error).message,
      ...(refused?.explanation && { explanation: refused.explanation }),
    };
  }
}

/** The calls the containers of task `taskArn` made through its gateway port, as the gateway recorded them. */
export async function callsOfTask(accountId: string, taskArn: string): Promise<TraceEntry[]> {
  const taskId = taskArn.split('/').pop();
  const { calls } = await accountCalls(currentLocalCloud().gatewayUrl, accountId);
  return calls.filter((call) => call.taskId === taskId);
}
