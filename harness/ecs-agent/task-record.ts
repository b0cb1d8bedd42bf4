import { randomUUID } from 'node:crypto';

/**
 * The agent's own record of a task, and the JSON ECS answers for it (RunTask, DescribeTasks).
 * moto's ECS task state is frozen (moto never moves a task), so DescribeTasks for a task the
 * agent runs is answered from this record, not from the backend.
 */
export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEPROVISIONING' | 'STOPPED';
export type StopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';

export interface ContainerRecord {
  name: string;
  image: string;
  lastStatus: TaskStatus;
  exitCode?: number;
  reason?: string;
  runtimeId?: string;
}

export interface TaskRecord {
  accountId: string;
  region: string;
  taskArn: string;
  taskId: string;
  clusterArn: string;
  taskDefinitionArn: string;
  group: string;
  /** RunTask's startedBy, or a service's deployment id. */
  startedBy?: string;
  cpu: string;
  memory: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  createdAt: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stoppedReason?: string;
  stopCode?: StopCode;
  subnetId: string;
  containers: ContainerRecord[];
  attachmentId: string;
}

export function newTaskId(): string {
  return randomUUID().replace(/-/g, '');
}

/** A task as ECS's JSON protocol shows it (timestamps in epoch seconds). */
export function taskJson(task: TaskRecord): Record<string, unknown> {
  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
  return {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    group: task.group,
    startedBy: task.startedBy,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    availabilityZone: `${task.region}a`,
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    cpu: task.cpu,
    memory: task.memory,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    createdAt: seconds(task.createdAt),
    startedAt: seconds(task.startedAt),
    stoppingAt: seconds(task.stoppingAt),
    stoppedAt: seconds(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    version: 1,
    overrides: { containerOverrides: task.containers.map((c) => ({ name: c.name })), inferenceAcceleratorOverrides: [] },
    attachments: [
      {
        id: task.attachmentId,
        type: 'ElasticNetworkInterface',
        status: task.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED',
        details: [
          { name: 'subnetId', value: task.subnetId },
        ],
      },
    ],
    containers: task.containers.map((container) => ({
      containerArn: `arn:aws:ecs:${task.region}:${task.accountId}:container/${task.taskId}/${container.name}`,
      taskArn: task.taskArn,
      name: container.name,
      image: container.image,
      lastStatus: container.lastStatus,
      exitCode: container.exitCode,
      reason: container.reason,
      runtimeId: container.runtimeId,
      networkInterfaces: [{ attachmentId: task.attachmentId }],
    })),
    tags: [],
  };
}
