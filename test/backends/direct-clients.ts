import { withAccountHeaders } from '../../harness/iam/backend-iam';
import { createClients, rootCredentials, type KataClients } from '../../harness/runner/clients';

/** An account root's clients straight to the backend, past the gateway: what the backend itself holds and answers. */
export function directClients(endpoint: string, region: string, accountId: string, accountHeaders: Record<string, string>): KataClients {
  const clients = createClients({ endpoint, region, credentials: rootCredentials(accountId) });
  for (const client of Object.values(clients)) withAccountHeaders(client, accountHeaders);
  return clients;
}
