import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import { HostListeners, LOOPBACK, sendJson } from './host-listeners';
import type { ContainerRecord, TaskRecord } from './task-record';

/** What the metadata of one container shows besides its task's record. */
export interface ContainerMetadataSource {
  task: () => TaskRecord;
  containerName: string;
  logOptions?: Record<string, string | undefined>;
}

/**
 * The task metadata endpoint version 4 (ECS_CONTAINER_METADATA_URI_V4): `${uri}` answers the
 * container's metadata and `${uri}/task` the task's, in the shape ECS documents for Fargate.
 * Like the credentials endpoint it listens only where the task's containers reach the harness;
 * as in ECS it needs no token, the unguessable path being the container's own.
 */
export class TaskMetadataEndpoint {
  private readonly containers = new Map<string, ContainerMetadataSource>();
  private readonly idsOfTask = new Map<string, string[]>();
  private readonly listeners = new HostListeners((request, response) => this.handle(request, response), "The dojo's task metadata endpoint");

  listen(host: string = LOOPBACK): Promise<string> {
    return this.listeners.listen(host);
  }

  /** The container's ECS_CONTAINER_METADATA_URI_V4. */
  register(taskId: string, host: string, source: ContainerMetadataSource): string {
    const baseUrl = this.listeners.baseUrl(host);
    if (!baseUrl) throw new Error(`The task metadata endpoint is not listening on ${host}; call listen(${JSON.stringify(host)}) first.`);
    const id = `${taskId}-${randomBytes(8).toString('hex')}`;
    this.containers.set(id, source);
    this.idsOfTask.set(taskId, [...(this.idsOfTask.get(taskId) ?? []), id]);
    return `${baseUrl}/v4/${id}`;
  }

  unregister(taskId: string): void {
    for (const id of this.idsOfTask.get(taskId) ?? []) this.containers.delete(id);
    this.idsOfTask.delete(taskId);
  }

  async close(): Promise<void> {
    this.containers.clear();
    this.idsOfTask.clear();
    await this.listeners.close();
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    request.resume();
    const [, version, id, what] = new URL(request.url ?? '/', 'http://metadata.local').pathname.split('/');
    const source = version === 'v4' && id ? this.containers.get(id) : undefined;
    if (!source || (what !== undefined && what !== 'task')) {
      return sendJson(response, 404, { message: `No task metadata at ${request.url}. Use ECS_CONTAINER_METADATA_URI_V4 and \${ECS_CONTAINER_METADATA_URI_V4}/task; the task may have stopped.` });
    }
    const task = source.task();
    sendJson(response, 200, what === 'task' ? taskMetadata(task, this.sourcesOf(task.taskId)) : containerMetadata(task, source));
  }

  private sourcesOf(taskId: string): ContainerMetadataSource[] {
    return (this.idsOfTask.get(taskId) ?? []).map((id) => this.containers.get(id)!).filter(Boolean);
  }
}

function taskMetadata(task: TaskRecord, sources: ContainerMetadataSource[]): Record<string, unknown> {
  const [family, revision] = (task.taskDefinitionArn.split('/').pop() ?? '').split(':');
  return {
    Cluster: task.clusterArn,
    TaskARN: task.taskArn,
    Family: family,
    Revision: revision,
    DesiredStatus: task.desiredStatus,
    KnownStatus: task.lastStatus,
    Limits: { CPU: Number(task.cpu) / 1024, Memory: Number(task.memory) },
    PullStartedAt: iso(task.createdAt),
    AvailabilityZone: `${task.region}a`,
    LaunchType: 'FARGATE',
    Containers: sources.map((source) => containerMetadata(task, source)),
  };
}

function containerMetadata(task: TaskRecord, source: ContainerMetadataSource): Record<string, unknown> {
  const container: ContainerRecord | undefined = task.containers.find((c) => c.name === source.containerName);
  return {
    DockerId: container?.runtimeId ?? '',
    Name: source.containerName,
    DockerName: source.containerName,
    Image: container?.image ?? '',
    Labels: {
      'com.amazonaws.ecs.cluster': task.clusterArn,
      'com.amazonaws.ecs.container-name': source.containerName,
      'com.amazonaws.ecs.task-arn': task.taskArn,
      'com.amazonaws.ecs.task-definition-family': (task.taskDefinitionArn.split('/').pop() ?? '').split(':')[0],
    },
    DesiredStatus: task.desiredStatus,
    KnownStatus: container?.lastStatus ?? task.lastStatus,
    ...(container?.exitCode !== undefined && { ExitCode: container.exitCode }),
    CreatedAt: iso(task.createdAt),
    ...(task.startedAt && { StartedAt: iso(task.startedAt) }),
    Type: 'NORMAL',
    ContainerARN: `arn:aws:ecs:${task.region}:${task.accountId}:container/${task.taskId}/${source.containerName}`,
    ...(source.logOptions && { LogDriver: 'awslogs', LogOptions: source.logOptions }),
    Networks: [{ NetworkMode: 'awsvpc', IPv4SubnetCIDRBlock: '', AttachmentIndex: 0 }],
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
