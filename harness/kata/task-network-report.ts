import { currentLocalCloud } from '../runner/cloud-env';
import { taskNetwork } from '../runner/control-api';
import type { TaskNetworkReport } from './run-task';

/**
 * What the VPC let a task of the account reach, as the agent decided at the task's launch (for a
 * task the kata test did not start itself, e.g. a service's); undefined if the agent has no such task.
 */
export function taskNetworkReport(accountId: string, taskArn: string): Promise<TaskNetworkReport | undefined> {
  return taskNetwork(currentLocalCloud().gatewayUrl, accountId, taskArn);
}
