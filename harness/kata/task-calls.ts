import type { TraceEntry } from '../gateway/trace';
import { accountCallsSince } from './account-calls';

/**
 * The AWS calls a task's containers made (through the gateway port bound to the task), oldest
 * first; a denied one carries the IAM engine's explanation.
 */
export async function callsOfTask(accountId: string, taskArn: string): Promise<TraceEntry[]> {
  const taskId = taskArn.split('/').pop();
  return (await accountCallsSince(accountId, 0)).filter((call) => call.taskId === taskId);
}
