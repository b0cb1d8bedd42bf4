import type { TraceEntry } from '../gateway/trace';
import { currentLocalCloud } from '../runner/cloud-env';
import { accountCalls } from '../runner/control-api';

/**
 * The AWS calls a task's containers made (through the gateway port bound to the task), oldest
 * first; a denied one carries the IAM engine's explanation.
 */
export async function callsOfTask(accountId: string, taskArn: string): Promise<TraceEntry[]> {
  const taskId = taskArn.split('/').pop();
  const { calls } = await accountCalls(currentLocalCloud().gatewayUrl, accountId);
  return calls.filter((call) => call.taskId === taskId);
}
