import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { BatchGetImageCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeTaskDefinitionCommand,
  ECSClient,
  RunTaskCommand,
  type ContainerDefinition,
  type RunTaskCommandInput,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { Backend } from '../backends/backend';
import { awsError, type AwsErrorResponse } from '../gateway/aws-error';
import type { Operation } from '../gateway/operation';
import type { ServiceSession, ServiceSessionRequest } from '../gateway/service-sessions';
import { withAccountHeaders } from '../iam/backend-iam';
import { IMAGES_DIR, stagedImageDir } from '../images/build-sample-image';
import { parseRepositoryUri } from '../images/repository-uri';
import { rootCredentials } from '../runner/clients';
import { containerEnvironment } from './container-environment';
import { CredentialsEndpoint, type TaskCredentialsAccess } from './credentials-endpoint';
import { validateFargateRun } from './fargate-validation';
import { createLogShipper, type LogShipper, type LogShipperError } from './log-shipper';
import { imageCommand, startProcessContainer, type ContainerExit, type ProcessContainer } from './process-runtime';
import { newTaskId, taskJson, type StopCode, type TaskRecord } from './task-record';

/** The service principal ECS assumes task and execution roles as. */
const ECS_TASKS = 'ecs-tasks.amazonaws.com';
/** A task still running after this long is stopped (override: KATA_TASK_TIMEOUT_MS). */
export const DEFAULT_TASK_TIMEOUT_MS = 120_000;
/** The agent's "no internet yet" stance, preloaded into every container (see no-internet.js). */
export const NO_INTERNET_PRELOAD = path.join(__dirname, 'no-internet.js');
const ESSENTIAL_EXITED = 'Essential container in task exited';

export interface EcsAgentOptions {
  backend: Backend;
  /** The gateway the containers' AWS calls go to (AWS_ENDPOINT_URL), and the agent's own calls as a role. */
  gatewayUrl: string;
  /** How ECS assumes a role: the gateway's trust-policy check plus STS. */
  assumeRoleAsService: (request: ServiceSessionRequest) => Promise<ServiceSession>;
  taskTimeoutMs?: number;
  /**
   * URL → JSON answered to a container's fetch instead of the connect failure every other URL
   * gets. For tests only, until the network model serves the article's hosts.
   */
  fetchFixtures?: Record<string, unknown>;
  imagesDir?: string;
}

/** An answer the agent gives in place of the backend (status, headers, body as AWS sends them). */
export type AgentAnswer = AwsErrorResponse;

interface RunningTask {
  record: TaskRecord;
  container?: ProcessContainer;
  shipper?: LogShipper;
  logsClient?: CloudWatchLogsClient;
  /** Set once the task is asked to stop (StopTask or agent shutdown) before or while it runs. */
  stopRequest?: { reason: string; code: StopCode };
  finished: Promise<void>;
}

class TaskStopped extends Error {
  constructor(readonly reason: string, readonly code: StopCode) {
    super(reason);
  }
}

/**
 * The local ECS data plane (process runtime): the gateway hands it RunTask, DescribeTasks and
 * StopTask after IAM authorized the caller. It validates a RunTask as Fargate does, records the
 * task, and runs it asynchronously: execution role, image pull from ECR, task role, awslogs,
 * then the container as a child process; the task moves PROVISIONING → PENDING → RUNNING →
 * STOPPED with ECS's stop reasons.
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
  private readonly clients = new Map<string, { ecs: ECSClient; ec2: EC2Client }>();
  private readonly taskTimeoutMs: number;
  private readonly imagesDir: string;
  private stopped = false;

  constructor(private readonly options: EcsAgentOptions) {
    this.credentials = new CredentialsEndpoint((accountId, roleArn, sessionName) =>
      options.assumeRoleAsService({ accountId, roleArn, service: ECS_TASKS, sessionName }),
    );
    const fromEnv = Number(process.env.KATA_TASK_TIMEOUT_MS);
    this.taskTimeoutMs = options.taskTimeoutMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TASK_TIMEOUT_MS);
    this.imagesDir = options.imagesDir ?? IMAGES_DIR;
  }

  async start(): Promise<void> {
    await this.credentials.listen();
  }

  /** Stops every task (their processes end), then the credentials endpoint. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks.values()) this.requestStop(task, 'Task stopped: the local cloud is shutting down', 'UserInitiated');
    await Promise.all([...this.tasks.values()].map((task) => task.finished));
    await this.credentials.close();
    for (const { ecs, ec2 } of this.clients.values()) {
      ecs.destroy();
      ec2.destroy();
    }
    this.clients.clear();
  }

  /** The operations the agent answers or acts on before the backend sees them. */
  intercepts(operation: Operation): boolean {
    return operation.service === 'ecs' && ['RunTask', 'DescribeTasks', 'StopTask'].includes(operation.name);
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
      default:
        return undefined;
    }
  }

  /** Resolves when the task is STOPPED and its logs are shipped (for tests and shutdown). */
  async whenStopped(taskArn: string): Promise<TaskRecord | undefined> {
    const task = this.tasks.get(taskArn);
    await task?.finished;
    return task?.record;
  }

  private async runTask(accountId: string, region: string, input: RunTaskCommandInput): Promise<AgentAnswer> {
    if (this.stopped) return ecsError(503, 'ServerException', 'The local cloud is shutting down; its ECS agent starts no more tasks.');
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
    if (!validation.ok) return ecsError(400, validation.code, validation.message.en);
    const count = input.count ?? 1;
    if (count < 1 || count > 10) return ecsError(400, 'InvalidParameterException', `count must be between 1 and 10 (was ${count}).`);

    const clusterName = clusterNameOf(input.cluster);
    const clusterArn = `arn:aws:ecs:${region}:${accountId}:cluster/${clusterName}`;
    // Let the backend record the tasks (so its ListTasks knows them). moto needs container-level
    // cpu/memory and more that a valid Fargate definition may lack: when it refuses for such a
    // reason, the agent's own record is the task; a missing cluster is a real error, though.
    let backendArns: string[] = [];
    try {
      const answer = await ecs.send(new RunTaskCommand({ ...input, count }));
      backendArns = (answer.tasks ?? []).map((task) => task.taskArn!).filter(Boolean);
    } catch (error) {
      if ((error as Error).name === 'ClusterNotFoundException') return ecsError(400, 'ClusterNotFoundException', 'Cluster not found.');
    }

    const tasks: RunningTask[] = [];
    for (let i = 0; i < count; i += 1) {
      const taskArn = backendArns[i] ?? `arn:aws:ecs:${region}:${accountId}:task/${clusterName}/${newTaskId()}`;
      const taskId = taskArn.split('/').pop()!;
      const record: TaskRecord = {
        accountId,
        region,
        taskArn,
        taskId,
        clusterArn,
        taskDefinitionArn: taskDefinition.taskDefinitionArn!,
        group: input.group ?? `family:${taskDefinition.family}`,
        cpu: String(validation.cpu),
        memory: String(validation.memory),
        lastStatus: 'PROVISIONING',
        desiredStatus: 'RUNNING',
        createdAt: Date.now(),
        subnetId: validation.subnetId,
        attachmentId: randomUUID(),
        containers: (taskDefinition.containerDefinitions ?? []).map((container) => ({
          name: container.name ?? '',
          image: container.image ?? '',
          lastStatus: 'PENDING',
        })),
      };
      const task: RunningTask = { record, finished: Promise.resolve() };
      task.finished = this.execute(task, taskDefinition, input);
      this.tasks.set(taskArn, task);
      tasks.push(task);
    }
    return ecsJson({ tasks: tasks.map((task) => taskJson(task.record)), failures: [] });
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
    void task.container?.stop(reason);
  }

  /** Runs one task to its end; never rejects. */
  private async execute(task: RunningTask, taskDefinition: TaskDefinition, input: RunTaskCommandInput): Promise<void> {
    const { record } = task;
    try {
      await this.provisionAndRun(task, taskDefinition, input);
    } catch (error) {
      const stop = error instanceof TaskStopped
        ? error
        : new TaskStopped(`TaskFailedToStart: the dojo's ECS agent failed: ${String((error as Error)?.message ?? error)}`, 'TaskFailedToStart');
      this.markStopped(record, stop.reason, stop.code);
    } finally {
      await task.shipper?.close();
      task.logsClient?.destroy();
      this.credentials.unregister(record.taskId);
    }
  }

  private markStopped(record: TaskRecord, reason: string, code: StopCode, exitCode?: number): void {
    const now = Date.now();
    record.lastStatus = 'STOPPED';
    record.desiredStatus = 'STOPPED';
    record.stoppingAt ??= now;
    record.stoppedAt = now;
    record.stoppedReason = reason;
    record.stopCode = code;
    for (const container of record.containers) {
      container.lastStatus = 'STOPPED';
      if (exitCode !== undefined && container.exitCode === undefined) container.exitCode = exitCode;
    }
  }

  private async provisionAndRun(task: RunningTask, taskDefinition: TaskDefinition, input: RunTaskCommandInput): Promise<void> {
    const { record } = task;
    const checkStop = () => {
      if (task.stopRequest) throw new TaskStopped(task.stopRequest.reason, task.stopRequest.code);
    };
    const definitions = taskDefinition.containerDefinitions ?? [];
    const container: ContainerDefinition | undefined = definitions.find((c) => c.essential !== false) ?? definitions[0];
    if (!container) throw new TaskStopped('TaskFailedToStart: the task definition has no container definitions.', 'TaskFailedToStart');
    const logConfiguration = container.logConfiguration;
    const usesAwslogs = logConfiguration?.logDriver === 'awslogs';
    const image = parseImage(container.image ?? '');

    // 1. The execution role: ECS assumes it to pull from ECR and to write logs.
    let execution: { accessKeyId: string; secretAccessKey: string; sessionToken: string } | undefined;
    if (usesAwslogs || image.ecr) {
      const roleArn = taskDefinition.executionRoleArn;
      if (!roleArn) {
        throw new TaskStopped(
          `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image.ref}: ` +
            'no basic auth credentials (the task definition has no executionRoleArn: ECS pulls from a private ECR repository with the execution role).',
          'TaskFailedToStart',
        );
      }
      const session = await this.options.assumeRoleAsService({ accountId: record.accountId, roleArn, service: ECS_TASKS, sessionName: record.taskId });
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
      execution = { accessKeyId, secretAccessKey, sessionToken };
    }
    checkStop();

    // 2. Pull: the image must be in ECR, and the execution role allowed to read it.
    if (!image.ecr) {
      throw new TaskStopped(
        `CannotPullContainerError: the process runtime runs images pushed to ECR in the local cloud only; ${image.ref} is not an ECR image. ` +
          'Push the sample with pushSampleImage(repositoryUri, tag) and use <repositoryUri>:<tag> as the container image.',
        'TaskFailedToStart',
      );
    }
    record.lastStatus = 'PENDING';
    const imageDir = await this.pull(image, execution!);
    checkStop();

    // 3. The task role: registered with the credentials endpoint; its trust policy is checked now.
    let credentialsAccess: TaskCredentialsAccess | undefined;
    if (taskDefinition.taskRoleArn) {
      const roleArn = taskDefinition.taskRoleArn;
      credentialsAccess = this.credentials.register({ taskId: record.taskId, accountId: record.accountId, roleArn });
      const check = await fetch(credentialsAccess.fullUri, { headers: { authorization: credentialsAccess.authorizationToken } });
      await check.arrayBuffer();
      if (!check.ok) {
        const why = this.credentials.lastRefusal(record.taskId)?.en ?? `the credentials endpoint answered HTTP ${check.status}`;
        throw new TaskStopped(
          `ResourceInitializationError: ECS was unable to assume the role '${roleArn}' that was provided for this task. ` +
            `Please verify that the role being passed has the proper trust relationship and permissions. ${why}`,
          'TaskFailedToStart',
        );
      }
    }
    checkStop();

    // 4. Logs: awslogs with the execution role's session.
    if (usesAwslogs) {
      const options = logConfiguration.options ?? {};
      const logs = new CloudWatchLogsClient({
        endpoint: this.options.gatewayUrl,
        region: options['awslogs-region'] ?? record.region,
        credentials: execution!,
        maxAttempts: 2,
      });
      let shipError: LogShipperError | undefined;
      const shipper = createLogShipper({
        logConfiguration,
        containerName: container.name ?? '',
        taskId: record.taskId,
        client: logs,
        onError: (error) => (shipError ??= error),
      });
      task.shipper = shipper;
      task.logsClient = logs;
      if (!(await shipper.ready)) {
        throw new TaskStopped(shipError?.reason ?? 'ResourceInitializationError: failed to create the awslogs log stream', 'TaskFailedToStart');
      }
    }
    checkStop();

    // 5. Run the container.
    const override = input.overrides?.containerOverrides?.find((o) => o.name === container.name);
    const { environment } = containerEnvironment({
      region: record.region,
      endpointUrl: this.options.gatewayUrl,
      metadataUri: `${this.options.gatewayUrl}/_dojo/task-metadata/${record.taskId}`,
      ...(credentialsAccess && { credentials: credentialsAccess }),
      taskDefinitionEnvironment: [...(container.environment ?? []), ...(override?.environment ?? [])],
    });
    if (this.options.fetchFixtures) environment.DOJO_FETCH_FIXTURES = JSON.stringify(this.options.fetchFixtures);
    const command = override?.command ?? container.command ?? imageCommand(imageDir);
    const argv = command[0] === 'node' ? ['node', '--require', NO_INTERNET_PRELOAD, ...command.slice(1)] : command;
    const running = startProcessContainer({
      imageDir,
      command: argv,
      environment,
      timeoutMs: this.taskTimeoutMs,
      onOutput: (stream, chunk) => task.shipper?.write(stream, chunk),
    });
    task.container = running;
    const now = Date.now();
    record.lastStatus = 'RUNNING';
    record.startedAt = now;
    for (const c of record.containers) {
      c.lastStatus = 'RUNNING';
      c.runtimeId = `${record.taskId}-${running.pid}`;
    }
    if (task.stopRequest) void running.stop(task.stopRequest.reason);
    const exit: ContainerExit = await running.exited;
    record.lastStatus = 'DEPROVISIONING';
    await task.shipper?.close();
    task.shipper = undefined;
    const exitCode = exit.exitCode ?? (exit.signal ? 128 + signalNumber(exit.signal) : 1);
    if (exit.timedOut) {
      this.markStopped(record, `Task stopped by the dojo's ECS agent: ${exit.stopReason} (set KATA_TASK_TIMEOUT_MS to change the limit)`, 'UserInitiated', exitCode);
    } else if (task.stopRequest) {
      this.markStopped(record, task.stopRequest.reason, task.stopRequest.code, exitCode);
    } else {
      this.markStopped(record, ESSENTIAL_EXITED, 'EssentialContainerExited', exitCode);
    }
  }

  /** BatchGetImage as the execution role, then the staged folder the manifest's layer names. */
  private async pull(image: EcrImage, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): Promise<string> {
    const ecr = new ECRClient({ endpoint: this.options.gatewayUrl, region: image.region, credentials, maxAttempts: 1 });
    const failed = (detail: string) =>
      new TaskStopped(`CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image.ref}: ${detail}`, 'TaskFailedToStart');
    try {
      const answer = await ecr.send(new BatchGetImageCommand({
        registryId: image.registryId,
        repositoryName: image.repositoryName,
        imageIds: [image.tag ? { imageTag: image.tag } : { imageDigest: image.digest }],
      }));
      const found = answer.images?.[0];
      if (!found?.imageManifest) throw failed(`${image.ref}: not found`);
      let layerDigest: string | undefined;
      try {
        layerDigest = (JSON.parse(found.imageManifest) as { layers?: { digest?: string }[] }).layers?.[0]?.digest;
      } catch {
        layerDigest = undefined;
      }
      const dir = layerDigest ? stagedImageDir(layerDigest, this.imagesDir) : undefined;
      if (!dir) {
        throw failed(
          `the image ${found.imageId?.imageDigest ?? ''} is in ECR, but its content (layer ${layerDigest ?? 'unknown'}) is not staged on this machine. ` +
            'The process runtime runs images pushed with pushSampleImage on this machine; push the image again.',
        );
      }
      return dir;
    } catch (error) {
      if (error instanceof TaskStopped) throw error;
      const name = (error as Error).name;
      if (name === 'RepositoryNotFoundException') throw failed(`${image.ref}: not found (${(error as Error).message})`);
      throw failed(`unexpected status from the registry: ${name}: ${(error as Error).message}`);
    } finally {
      ecr.destroy();
    }
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

interface EcrImage {
  ecr: boolean;
  ref: string;
  region: string;
  registryId: string;
  repositoryName: string;
  tag?: string;
  digest?: string;
}

/** `<acct>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`; anything else is not ECR. */
export function parseImage(ref: string): EcrImage {
  const notEcr: EcrImage = { ecr: false, ref, region: '', registryId: '', repositoryName: '' };
  const at = ref.indexOf('@');
  let repository = ref;
  let tag: string | undefined;
  let digest: string | undefined;
  if (at >= 0) {
    repository = ref.slice(0, at);
    digest = ref.slice(at + 1);
  } else {
    const colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/')) {
      repository = ref.slice(0, colon);
      tag = ref.slice(colon + 1);
    } else {
      tag = 'latest';
    }
  }
  try {
    const parsed = parseRepositoryUri(repository);
    return { ecr: true, ref, region: parsed.region, registryId: parsed.registryId, repositoryName: parsed.repositoryName, ...(tag && { tag }), ...(digest && { digest }) };
  } catch {
    return notEcr;
  }
}

function clusterNameOf(cluster: string | undefined): string {
  if (!cluster) return 'default';
  return cluster.startsWith('arn:') ? cluster.split('/').pop()! : cluster;
}

function ecsError(status: number, code: string, message: string): AgentAnswer {
  return awsError('json', 'ecs', status, code, message);
}

function ecsJson(value: unknown): AgentAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(value),
  };
}

function signalNumber(signal: string): number {
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 0;
}
