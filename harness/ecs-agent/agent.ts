import { randomUUID } from 'node:crypto';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTaskDefinitionCommand, ECSClient, ListTasksCommand, RunTaskCommand, type ListTasksCommandInput, type RunTaskCommandInput, type TaskDefinition } from '@aws-sdk/client-ecs';
import type { Backend } from '../backends/backend';
import type { Operation } from '../gateway/operation';
import type { ServiceSession, ServiceSessionRequest } from '../gateway/service-sessions';
import { withAccountHeaders } from '../iam/backend-iam';
import { rootCredentials } from '../runner/clients';
import type { ContainerRuntime } from './container-runtime';
import { CredentialsEndpoint } from './credentials-endpoint';
import { ecsError, ecsJson, type AgentAnswer } from './ecs-answers';
import { explainFargateRejection, runsOnFargate, validateFargateRun } from './fargate-validation';
import { ECS_TASKS } from './launch/execution-role';
import { launchTask, type LaunchContext } from './launch/launch-task';
import { networkReport, type TaskNetworkPlan, type TaskNetworkReport } from './launch/task-network';
import { ProcessContainerRuntime } from './process-container-runtime';
import { SERVICE_OPERATIONS, ServiceApi } from './service-api';
import { ServiceScheduler } from './services/service-scheduler';
import type { LaunchFailure, ServiceLaunchRequest } from './services/service-types';
import { NO_CONTAINER_INSTANCES } from './services/service-validation';
import type { RunningTask } from './running-task';
import { TaskMetadataEndpoint } from './task-metadata-endpoint';
import { harnessCa } from '../network/fixture-ca';
import { InternetFixture } from '../network/internet-fixture';
import { TASK_NETWORK_PRELOAD } from '../network/task-network-spec';
import { newTaskId, taskJson, type StopCode, type TaskRecord } from './task-record';

export type { AgentAnswer } from './ecs-answers';

/** A task still running after this long is stopped (override: KATA_TASK_TIMEOUT_MS). */
export const DEFAULT_TASK_TIMEOUT_MS = 120_000;

export interface EcsAgentOptions {
  backend: Backend;
  /** The gateway the containers' AWS calls go to (AWS_ENDPOINT_URL), and the agent's own calls as a role. */
  gatewayUrl: string;
  /** How ECS assumes a role: the gateway's trust-policy check plus STS. */
  assumeRoleAsService: (request: ServiceSessionRequest) => Promise<ServiceSession>;
  taskTimeoutMs?: number;
  /** Where containers run (default: the process runtime). */
  runtime?: ContainerRuntime;
  /** Opens the gateway port bound to a task (its containers' AWS_ENDPOINT_URL), on the address they reach the harness at. */
  openTaskPort: (task: { taskId: string; accountId: string; services: Set<string> }, host: string) => Promise<{ url: string; close(): Promise<void> }>;
}

/**
 * The local ECS data plane: the gateway hands it RunTask, DescribeTasks and StopTask after IAM
 * authorized the caller. It validates a RunTask as Fargate does, records the task, and launches
 * it asynchronously (launch/launch-task.ts: execution role, pull, task role, awslogs, containers
 * in the chosen runtime); the task moves PROVISIONING → PENDING → RUNNING → STOPPED with ECS's
 * stop reasons.
 *
 * The agent reads task definitions, subnets and security groups straight from the backend as the
 * account root (as backend-iam does for the gateway's policy reads): these are ECS's own reads on
 * the caller's behalf, not calls of the caller, so they are neither traced nor enforced. What
 * ECS does with the execution role (the image pull, the log writes) goes through the gateway
 * signed by the role's session, so IAM decides as it would in AWS.
 */
export class EcsAgent {
  private readonly tasks = new Map<string, RunningTask>();
  private readonly credentials: CredentialsEndpoint;
  private readonly metadata = new TaskMetadataEndpoint();
  private fixture?: InternetFixture;
  private readonly clients = new Map<string, { ecs: ECSClient; ec2: EC2Client }>();
  private readonly runtime: ContainerRuntime;
  private readonly launchContext: LaunchContext;
  private readonly scheduler: ServiceScheduler;
  private readonly services: ServiceApi;
  private stopped = false;

  constructor(private readonly options: EcsAgentOptions) {
    this.credentials = new CredentialsEndpoint((accountId, roleArn, sessionName) =>
      options.assumeRoleAsService({ accountId, roleArn, service: ECS_TASKS, sessionName }),
    );
    this.runtime = options.runtime ?? new ProcessContainerRuntime();
    const fromEnv = Number(process.env.KATA_TASK_TIMEOUT_MS);
    this.launchContext = {
      runtime: this.runtime,
      credentials: this.credentials,
      metadata: this.metadata,
      assumeRoleAsService: options.assumeRoleAsService,
      gatewayUrl: options.gatewayUrl,
      openTaskPort: options.openTaskPort,
      taskTimeoutMs: options.taskTimeoutMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TASK_TIMEOUT_MS),
      preload: TASK_NETWORK_PRELOAD,
      fixture: () => {
        if (!this.fixture) throw new Error("The ECS agent's internet fixture is not ready; call start() first.");
        return this.fixture;
      },
      backendEc2: (accountId, region) => this.backendClients(accountId, region).ec2,
      onRunning: (task) => this.scheduler.taskRunning(task.record.taskArn),
    };
    this.scheduler = new ServiceScheduler({
      launch: (request) => this.launchForService(request),
      stop: (taskArn, reason) => {
        const task = this.tasks.get(taskArn);
        if (task) this.requestStop(task, reason, 'ServiceSchedulerInitiated');
      },
    });
    this.services = new ServiceApi(this.scheduler, (accountId, region) => this.backendClients(accountId, region));
  }

  /** Which runtime runs the containers. */
  get runtimeName(): ContainerRuntime['name'] {
    return this.runtime.name;
  }

  async start(): Promise<void> {
    await this.runtime.start();
    const host = this.runtime.harnessAddress;
    await this.credentials.listen(host);
    await this.metadata.listen(host);
    this.fixture = new InternetFixture(await harnessCa());
  }

  /** Stops every task (their containers end), then the endpoints and the runtime. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.scheduler.close();
    for (const task of this.tasks.values()) this.requestStop(task, 'Task stopped: the local cloud is shutting down', 'UserInitiated');
    await Promise.all([...this.tasks.values()].map((task) => task.finished));
    await this.credentials.close();
    await this.metadata.close();
    await this.fixture?.close();
    await this.runtime.close();
    for (const { ecs, ec2 } of this.clients.values()) {
      ecs.destroy();
      ec2.destroy();
    }
    this.clients.clear();
  }

  /** The operations the agent answers or acts on before the backend sees them. */
  intercepts(operation: Operation): boolean {
    return operation.service === 'ecs' && ['RunTask', 'DescribeTasks', 'StopTask', 'ListTasks', ...SERVICE_OPERATIONS].includes(operation.name);
  }

  /** Answers the call, or undefined to let the gateway forward it to the backend untouched. */
  async handle(operation: Operation, accountId: string, region: string, body: Buffer): Promise<AgentAnswer | undefined> {
    const params = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    switch (operation.name) {
      case 'RunTask':
        return this.runTask(accountId, region, params as unknown as RunTaskCommandInput);
      case 'DescribeTasks':
        return this.describeTasks(accountId, region, params);
      case 'StopTask':
        return this.stopTask(accountId, region, params);
      case 'ListTasks':
        return this.listTasks(accountId, region, params as ListTasksCommandInput);
      default:
        return SERVICE_OPERATIONS.includes(operation.name) ? this.services.handle(operation.name, accountId, region, params) : undefined;
    }
  }

  /** What the task's VPC lets it reach, as decided at its launch (undefined before that, or for an unknown task). */
  networkOf(taskArn: string): TaskNetworkPlan | undefined {
    return this.tasks.get(taskArn)?.network;
  }

  /** The network of the account's task (by ARN or id) for the control API; undefined when unknown or not yet decided. */
  taskNetwork(accountId: string, taskRef: string): TaskNetworkReport | undefined {
    for (const task of this.tasks.values()) {
      const { record } = task;
      if (record.accountId === accountId && (record.taskArn === taskRef || record.taskId === taskRef) && task.network) return networkReport(task.network);
    }
    return undefined;
  }

  /** Resolves when the task is STOPPED and its logs are shipped (for tests and shutdown). */
  async whenStopped(taskArn: string): Promise<TaskRecord | undefined> {
    const task = this.tasks.get(taskArn);
    await task?.finished;
    return task?.record;
  }

  private async runTask(accountId: string, region: string, input: RunTaskCommandInput): Promise<AgentAnswer> {
    if (this.stopped) return ecsError(503, 'ServerException', 'The local cloud is shutting down; its ECS agent starts no more tasks.');
    const count = input.count ?? 1;
    if (count < 1 || count > 10) return ecsError(400, 'InvalidParameterException', `count must be between 1 and 10 (was ${count}).`);
    const prepared = await this.prepare(accountId, region, input);
    if ('status' in prepared) return prepared;

    // Let the backend record the tasks (so its own views know them). moto needs container-level
    // cpu/memory and more that a valid Fargate definition may lack: when it refuses for such a
    // reason, the agent's own record is the task; a missing cluster is a real error, though.
    let backendArns: string[] = [];
    try {
      const answer = await this.backendClients(accountId, region).ecs.send(new RunTaskCommand({ ...input, count }));
      backendArns = (answer.tasks ?? []).map((task) => task.taskArn!).filter(Boolean);
    } catch (error) {
      if ((error as Error).name === 'ClusterNotFoundException') return ecsError(400, 'ClusterNotFoundException', 'Cluster not found.');
    }
    const tasks: RunningTask[] = [];
    for (let i = 0; i < count; i += 1) tasks.push(this.startTask(accountId, region, input, prepared, backendArns[i]));
    return ecsJson({ tasks: tasks.map((task) => taskJson(task.record)), failures: [] });
  }

  /** A service's task: RunTask's checks and launch, not recorded in the backend (the agent answers ListTasks). */
  private async launchForService(request: ServiceLaunchRequest): Promise<{ taskArn: string } | LaunchFailure> {
    if (this.stopped) return { failure: 'the local cloud is shutting down' };
    // The local cloud has no container instances: ECS reports an EC2 service's task as unplaceable.
    if (!runsOnFargate(request)) return { failure: NO_CONTAINER_INSTANCES, placement: true };
    const input: RunTaskCommandInput = {
      cluster: request.clusterArn,
      taskDefinition: request.taskDefinitionArn,
      launchType: request.launchType as RunTaskCommandInput['launchType'],
      capacityProviderStrategy: request.capacityProviderStrategy,
      networkConfiguration: request.networkConfiguration as RunTaskCommandInput['networkConfiguration'],
      group: request.group,
      startedBy: request.startedBy,
    };
    const prepared = await this.prepare(request.accountId, request.region, input);
    if ('status' in prepared) return { failure: messageOf(prepared) };
    return { taskArn: this.startTask(request.accountId, request.region, input, prepared).record.taskArn };
  }

  /** The task definition, checked as Fargate checks a RunTask; or the error ECS answers. */
  private async prepare(accountId: string, region: string, input: RunTaskCommandInput): Promise<PreparedRun | AgentAnswer> {
    const { ecs, ec2 } = this.backendClients(accountId, region);
    if (!input.taskDefinition) return ecsError(400, 'InvalidParameterException', 'taskDefinition can not be blank.');
    let taskDefinition: TaskDefinition;
    try {
      const answer = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: input.taskDefinition }));
      taskDefinition = answer.taskDefinition!;
    } catch (error) {
      const name = (error as Error).name;
      return ecsError(400, name === 'ClientException' || name === 'InvalidParameterException' ? name : 'ClientException',
        `Unable to describe task definition ${input.taskDefinition}: ${(error as Error).message}`);
    }
    const validation = await validateFargateRun({
      taskDefinition,
      networkConfiguration: input.networkConfiguration,
      launchType: input.launchType,
      capacityProviderStrategy: input.capacityProviderStrategy,
      ec2,
    });
    if (!validation.ok) return ecsError(400, validation.code, validation.message.en, explainFargateRejection(validation));
    return { taskDefinition, cpu: String(validation.cpu), memory: String(validation.memory), subnetId: validation.subnetId };
  }

  private startTask(accountId: string, region: string, input: RunTaskCommandInput, prepared: PreparedRun, backendArn?: string): RunningTask {
    const { taskDefinition } = prepared;
    const clusterName = clusterNameOf(input.cluster);
    const taskArn = backendArn ?? `arn:aws:ecs:${region}:${accountId}:task/${clusterName}/${newTaskId()}`;
    const record: TaskRecord = {
      accountId,
      region,
      taskArn,
      taskId: taskArn.split('/').pop()!,
      clusterArn: `arn:aws:ecs:${region}:${accountId}:cluster/${clusterName}`,
      taskDefinitionArn: taskDefinition.taskDefinitionArn!,
      group: input.group ?? `family:${taskDefinition.family}`,
      ...(input.startedBy && { startedBy: input.startedBy }),
      cpu: prepared.cpu,
      memory: prepared.memory,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      createdAt: Date.now(),
      subnetId: prepared.subnetId,
      attachmentId: randomUUID(),
      containers: (taskDefinition.containerDefinitions ?? []).map((container) => ({
        name: container.name ?? '',
        image: container.image ?? '',
        lastStatus: 'PENDING',
      })),
    };
    const task: RunningTask = { record, containers: [], finished: Promise.resolve() };
    task.finished = launchTask(task, taskDefinition, input, this.launchContext).then(() => {
      const container = record.containers.find((c) => c.exitCode !== undefined);
      this.scheduler.taskStopped(taskArn, {
        stoppedReason: record.stoppedReason ?? '',
        ...(record.stopCode && { stopCode: record.stopCode }),
        ...(container?.exitCode !== undefined && { exitCode: container.exitCode }),
      });
    });
    this.tasks.set(taskArn, task);
    return task;
  }

  /**
   * ListTasks from the agent's records (moto's frozen task states would list stopped tasks as
   * running); the backend is asked first so a missing cluster is its error.
   */
  private async listTasks(accountId: string, region: string, input: ListTasksCommandInput): Promise<AgentAnswer> {
    try {
      await this.backendClients(accountId, region).ecs.send(new ListTasksCommand({ ...input, serviceName: undefined, maxResults: 1 }));
    } catch (error) {
      const failed = error as Error & { $metadata?: { httpStatusCode?: number } };
      return ecsError(failed.$metadata?.httpStatusCode ?? 400, failed.name, failed.message);
    }
    const clusterName = clusterNameOf(input.cluster);
    const desired = input.desiredStatus ?? 'RUNNING';
    const taskArns = [...this.tasks.values()]
      .map((task) => task.record)
      .filter((record) =>
        record.accountId === accountId &&
        record.region === region &&
        record.clusterArn.endsWith(`:cluster/${clusterName}`) &&
        record.desiredStatus === desired &&
        (!input.serviceName || record.group === `service:${input.serviceName.split('/').pop()}`) &&
        (!input.family || record.taskDefinitionArn.split('/').pop()!.split(':')[0] === input.family) &&
        (!input.startedBy || record.startedBy === input.startedBy))
      .map((record) => record.taskArn);
    return ecsJson({ taskArns });
  }

  private describeTasks(accountId: string, region: string, params: Record<string, unknown>): AgentAnswer | undefined {
    const asked = Array.isArray(params.tasks) ? (params.tasks as string[]) : [];
    const found = asked.map((ref) => this.find(accountId, region, ref));
    if (found.every((task) => task === undefined)) return undefined;
    return ecsJson({
      tasks: found.filter((task): task is RunningTask => task !== undefined).map((task) => taskJson(task.record)),
      failures: asked.filter((_, i) => found[i] === undefined).map((arn) => ({ arn, reason: 'MISSING' })),
    });
  }

  private stopTask(accountId: string, region: string, params: Record<string, unknown>): AgentAnswer | undefined {
    const task = this.find(accountId, region, String(params.task ?? ''));
    if (!task) return undefined;
    const reason = typeof params.reason === 'string' && params.reason ? params.reason : 'Task stopped by user';
    this.requestStop(task, reason, 'UserInitiated');
    return ecsJson({ task: taskJson(task.record) });
  }

  private find(accountId: string, region: string, ref: string): RunningTask | undefined {
    const exact = this.tasks.get(ref);
    if (exact) return exact.record.accountId === accountId ? exact : undefined;
    for (const task of this.tasks.values()) {
      if (task.record.accountId === accountId && task.record.region === region && task.record.taskId === ref) return task;
    }
    return undefined;
  }

  private requestStop(task: RunningTask, reason: string, code: StopCode): void {
    if (task.record.lastStatus === 'STOPPED' || task.stopRequest) return;
    task.stopRequest = { reason, code };
    task.record.desiredStatus = 'STOPPED';
    task.record.stoppingAt = Date.now();
    for (const container of task.containers) void container.stop(reason);
  }

  private backendClients(accountId: string, region: string): { ecs: ECSClient; ec2: EC2Client } {
    const key = `${accountId}/${region}`;
    let clients = this.clients.get(key);
    if (!clients) {
      const config = { endpoint: this.options.backend.endpoint(), region, credentials: rootCredentials(accountId), maxAttempts: 1 };
      const headers = this.options.backend.accountHeaders(accountId);
      clients = { ecs: withAccountHeaders(new ECSClient(config), headers), ec2: withAccountHeaders(new EC2Client(config), headers) };
      this.clients.set(key, clients);
    }
    return clients;
  }
}

interface PreparedRun {
  taskDefinition: TaskDefinition;
  cpu: string;
  memory: string;
  subnetId: string;
}

function messageOf(answer: AgentAnswer): string {
  try {
    const body = JSON.parse(answer.body) as { message?: string; Message?: string };
    return body.message ?? body.Message ?? answer.body;
  } catch {
    return answer.body;
  }
}

function clusterNameOf(cluster: string | undefined): string {
  if (!cluster) return 'default';
  return cluster.startsWith('arn:') ? cluster.split('/').pop()! : cluster;
}
