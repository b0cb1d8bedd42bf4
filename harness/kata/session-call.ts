import type { Bilingual } from '../i18n';
import { currentLocalCloud } from '../runner/cloud-env';
import { createClients, destroyClients, type KataClients } from '../runner/clients';
import { accountCalls } from '../runner/control-api';
import type { SessionCredentials } from './assume-role';

/** What a call signed with a role session's credentials got: its answer, or AWS's error and the IAM engine's explanation. */
export type SessionCallOutcome<T> = { ok: true; value: T } | { ok: false; errorCode: string; message: string; explanation?: Bilingual };

/**
 * Makes AWS calls as a role session (the credentials `assumeRoleAsService` hands out), through the
 * gateway, as code holding that session would: the IAM engine decides each call.
 */
export async function callWithSession<T>(accountId: string, credentials: SessionCredentials, call: (clients: KataClients) => Promise<T>): Promise<SessionCallOutcome<T>> {
  const { gatewayUrl, region } = currentLocalCloud();
  const marker = (await accountCalls(gatewayUrl, accountId, Number.MAX_SAFE_INTEGER)).latestSeq;
  const clients = createClients({ endpoint: gatewayUrl, region, credentials });
  try {
    return { ok: true, value: await call(clients) };
  } catch (error) {
    const { calls } = await accountCalls(gatewayUrl, accountId, marker);
    const denied = calls.filter((entry) => entry.errorCode && entry.explanation).pop();
    return { ok: false, errorCode: (error as Error).name, message: (error as Error).message, explanation: denied?.explanation };
  } finally {
    destroyClients(clients);
  }
}
