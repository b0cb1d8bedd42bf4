import type { ServiceSession, ServiceSessionRequest } from '../../gateway/service-sessions';
import type { ImageReference } from '../image-reference';
import { TaskStopped } from '../task-stopped';

/** The service principal ECS assumes task and execution roles as. */
export const ECS_TASKS = 'ecs-tasks.amazonaws.com';

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export type AssumeRoleAsService = (request: ServiceSessionRequest) => Promise<ServiceSession>;

/**
 * ECS assumes the execution role to pull from ECR and to write awslogs. A task that needs
 * neither gets no session; one that needs it without a role, or with a role ECS may not assume,
 * stops with the reason ECS gives.
 */
export async function assumeExecutionRole(input: {
  roleArn: string | undefined;
  accountId: string;
  taskId: string;
  /** The first ECR image the task pulls, for the wording of a missing role. */
  image: ImageReference;
  assume: AssumeRoleAsService;
}): Promise<RoleCredentials> {
  const { roleArn, image } = input;
  if (!roleArn) {
    throw new TaskStopped(
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image.ref}: ` +
        'no basic auth credentials (the task definition has no executionRoleArn: ECS pulls from a private ECR repository with the execution role).',
      'TaskFailedToStart',
    );
  }
  const session = await input.assume({ accountId: input.accountId, roleArn, service: ECS_TASKS, sessionName: input.taskId });
  if (!session.allowed) {
    // (composed from ECS's RunTask wording for a role it cannot assume, behind the stopped-reason prefix.)
    throw new TaskStopped(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
        `ECS was unable to assume the role '${roleArn}' that was provided for this task. ` +
        'Please verify that the role being passed has the proper trust relationship and permissions. ' +
        session.explanation.en,
      'TaskFailedToStart',
    );
  }
  const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
  return { accessKeyId, secretAccessKey, sessionToken };
}
