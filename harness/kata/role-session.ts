import type { Bilingual } from '../i18n';
import { currentLocalCloud } from '../runner/cloud-env';
import { createClients, destroyClients, type KataClients } from '../runner/clients';
import { assumeRoleAsService } from './assume-role';

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
  const session = await assumeRoleAsService(accountId, roleArn, service, sessionName);
  if (!session.allowed) return { allowed: false, explanation: session.explanation ?? { en: session.message, ja: session.message } };
  const { gatewayUrl, region } = currentLocalCloud();
  const clients = createClients({ endpoint: gatewayUrl, region, credentials: session.credentials! });
  return { allowed: true, sessionArn: session.sessionArn, clients, close: () => destroyClients(clients) };
}
