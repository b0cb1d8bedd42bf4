import type { CredentialsEndpoint, TaskCredentialsAccess } from '../credentials-endpoint';
import { TaskStopped } from '../task-stopped';

/**
 * The task role: the task is registered with the credentials endpoint (reachable from its
 * containers at `host`), and its credentials are fetched once now, so a trust policy that does
 * not let ECS assume the role stops the task before it runs, as in ECS.
 */
export async function provideTaskRole(input: {
  roleArn: string;
  taskId: string;
  accountId: string;
  host: string;
  endpoint: CredentialsEndpoint;
}): Promise<TaskCredentialsAccess> {
  const { roleArn, endpoint } = input;
  const access = endpoint.register({ taskId: input.taskId, accountId: input.accountId, roleArn }, input.host);
  const check = await fetch(access.fullUri, { headers: { authorization: access.authorizationToken } });
  await check.arrayBuffer();
  if (!check.ok) {
    const why = endpoint.lastRefusal(input.taskId)?.en ?? `the credentials endpoint answered HTTP ${check.status}`;
    throw new TaskStopped(
      `ResourceInitializationError: ECS was unable to assume the role '${roleArn}' that was provided for this task. ` +
        `Please verify that the role being passed has the proper trust relationship and permissions. ${why}`,
      'TaskFailedToStart',
    );
  }
  return access;
}
