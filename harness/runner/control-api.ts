import type { TaskNetworkReport } from '../ecs-agent/launch/task-network';
import type { TraceEntry } from '../gateway/trace';
import type { Simulation, SimulationRequest } from '../gateway/simulate';

/** A fresh account id from the gateway, never handed out before in this run. */
export async function newAccount(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/_dojo/accounts`, { method: 'POST' });
  if (!response.ok) throw new Error(`The dojo gateway refused a new account: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accountId: string }).accountId;
}

/** The account's calls after sequence number `after`, and the latest sequence number overall. */
export async function accountCalls(gatewayUrl: string, accountId: string, after = 0): Promise<{ latestSeq: number; calls: TraceEntry[] }> {
  const response = await fetch(`${gatewayUrl}/_dojo/accounts/${accountId}/trace?after=${after}`);
  if (!response.ok) throw new Error(`The dojo gateway gave no trace for ${accountId}: HTTP ${response.status}`);
  return (await response.json()) as { latestSeq: number; calls: TraceEntry[] };
}

/** What the account's task could reach, as its launch decided from its VPC; undefined when the agent has no such task (yet). */
export async function taskNetwork(gatewayUrl: string, accountId: string, taskRef: string): Promise<TaskNetworkReport | undefined> {
  const taskId = taskRef.split('/').pop()!;
  const response = await fetch(`${gatewayUrl}/_dojo/accounts/${accountId}/tasks/${encodeURIComponent(taskId)}/network`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`The dojo gateway gave no network for task ${taskRef}: HTTP ${response.status}`);
  return (await response.json()) as TaskNetworkReport;
}

/**
 * The gateway's IAM engine on every action × resource pair for a role or user of the account
 * (POST /_dojo/accounts/<id>/simulate); `found: false` when there is no such principal.
 */
export async function simulatePrincipal(gatewayUrl: string, request: SimulationRequest): Promise<Simulation> {
  const { accountId, ...body } = request;
  const response = await fetch(`${gatewayUrl}/_dojo/accounts/${accountId}/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200 && response.status !== 404) throw new Error(`The dojo gateway's simulate route answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as Simulation;
}
