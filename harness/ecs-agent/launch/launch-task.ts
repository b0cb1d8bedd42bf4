import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ContainerDefinition, RunTaskCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import type { InternetFixture } from '../../network/internet-fixture';
import type { ContainerExit, ContainerRuntime, RunnableImage, RunningContainer } from '../container-runtime';
import { containerEnvironment } from '../container-environment';
import type { CredentialsEndpoint, TaskCredentialsAccess } from '../credentials-endpoint';
import { parseImage } from '../image-reference';
import { markStopped, type RunningTask } from '../running-task';
import type { TaskMetadataEndpoint } from '../task-metadata-endpoint';
import { ESSENTIAL_EXITED, exitCodeOf, TaskStopped } from '../task-stopped';
import { startAwslogs, type AwslogsDelivery } from './awslogs';
import { assumeExecutionRole, type AssumeRoleAsService, type RoleCredentials } from './execution-role';
import { pullImage } from './image-pull';
import { provideTaskRole } from './task-role';
import { containerNetworkEnvironment, planTaskNetwork, reachableServices, requirePathFor } from './task-network';

/** What launching a task needs from the agent. */
export interface LaunchContext {
  runtime: ContainerRuntime;
  credentials: CredentialsEndpoint;
  metadata: TaskMetadataEndpoint;
  assumeRoleAsService: AssumeRoleAsService;
  /** The gateway's own URL, for ECS's calls as the execution role (pull, logs). */
  gatewayUrl: string;
  /** The gateway port bound to the task, at the address its containers reach the harness at. */
  openTaskPort: (task: { taskId: string; accountId: string; services: Set<string> }, host: string) => Promise<{ url: string; close(): Promise<void> }>;
  taskTimeoutMs: number;
  /** Preloaded into Node containers: makes the task's connections meet its network's verdicts. */
  preload: string;
  /** The harness's stand-in for the internet hosts a task may reach. */
  fixture: () => InternetFixture;
  /** EC2 as the account root straight to the backend: ECS's own reads of the task's VPC. */
  backendEc2: (accountId: string, region: string) => EC2Client;
  /** Told when the task's containers have all started. */
  onRunning: (task: RunningTask) => void;
}

/**
 * Runs one task to its end, as ECS's Fargate agent does: execution role → pull → task role →
 * awslogs → containers; the task is STOPPED with ECS's reason when a step fails, when an
 * essential container exits (the others are stopped), or when it is asked to stop. Never rejects.
 */
export async function launchTask(task: RunningTask, taskDefinition: TaskDefinition, input: RunTaskCommandInput, context: LaunchContext): Promise<void> {
  const releases: (() => Promise<void> | void)[] = [];
  let stop: TaskStopped;
  try {
    stop = await provisionAndRun(task, taskDefinition, input, context, releases);
  } catch (error) {
    stop = error instanceof TaskStopped
      ? error
      : new TaskStopped(`TaskFailedToStart: the dojo's ECS agent failed: ${String((error as Error)?.message ?? error)}`, 'TaskFailedToStart');
    await Promise.all(task.containers.map((container) => container.stop(stop.reason)));
  }
  // Every log line is delivered before DescribeTasks can show STOPPED.
  if (task.record.lastStatus === 'RUNNING') task.record.lastStatus = 'DEPROVISIONING';
  for (const release of releases.reverse()) await release();
  context.credentials.unregister(task.record.taskId);
  context.metadata.unregister(task.record.taskId);
  markStopped(task.record, stop.reason, stop.code);
}

async function provisionAndRun(
  task: RunningTask,
  taskDefinition: TaskDefinition,
  input: RunTaskCommandInput,
  context: LaunchContext,
  releases: (() => Promise<void> | void)[],
): Promise<TaskStopped> {
  const { record } = task;
  const host = context.runtime.harnessAddress;
  const checkStop = () => {
    if (task.stopRequest) throw new TaskStopped(task.stopRequest.reason, task.stopRequest.code);
  };
  const definitions = taskDefinition.containerDefinitions ?? [];
  if (definitions.length === 0) throw new TaskStopped('TaskFailedToStart: the task definition has no container definitions.', 'TaskFailedToStart');
  const images = definitions.map((definition) => parseImage(definition.image ?? ''));

  // 0. The task's network, from its VPC's state now: what its ENI reaches decides everything after.
  const network = await planTaskNetwork(context.backendEc2(record.accountId, record.region), record.region, input.networkConfiguration?.awsvpcConfiguration ?? { subnets: [] });
  task.network = network;
  checkStop();

  // 1. The execution role: ECS assumes it to pull from ECR and to write logs.
  const needsExecutionRole = definitions.some((definition) => definition.logConfiguration?.logDriver === 'awslogs') || images.some((image) => image.ecr);
  let execution: RoleCredentials | undefined;
  if (needsExecutionRole) {
    execution = await assumeExecutionRole({
      roleArn: taskDefinition.executionRoleArn,
      accountId: record.accountId,
      taskId: record.taskId,
      image: images.find((image) => image.ecr) ?? images[0],
      assume: context.assumeRoleAsService,
    });
  }
  checkStop();

  // 2. Pull every container's image.
  record.lastStatus = 'PENDING';
  if (images.some((image) => image.ecr)) requirePathFor('pull', network, record.region);
  const pulled: RunnableImage[] = [];
  for (const image of images) {
    pulled.push(await pullImage({ image, credentials: execution, gatewayUrl: context.gatewayUrl, runtime: context.runtime }));
    checkStop();
  }

  // 3. The task role, through the credentials endpoint.
  let credentialsAccess: TaskCredentialsAccess | undefined;
  if (taskDefinition.taskRoleArn) {
    credentialsAccess = await provideTaskRole({ roleArn: taskDefinition.taskRoleArn, taskId: record.taskId, accountId: record.accountId, host, endpoint: context.credentials });
  }
  checkStop();

  // 4. awslogs for each container that uses it.
  if (definitions.some((definition) => definition.logConfiguration?.logDriver === 'awslogs')) requirePathFor('logs', network, record.region);
  const deliveries: (AwslogsDelivery | undefined)[] = [];
  for (const definition of definitions) {
    const logConfiguration = definition.logConfiguration;
    if (logConfiguration?.logDriver !== 'awslogs') {
      deliveries.push(undefined);
      continue;
    }
    const delivery = await startAwslogs({
      logConfiguration,
      containerName: definition.name ?? '',
      taskId: record.taskId,
      region: record.region,
      gatewayUrl: context.gatewayUrl,
      credentials: execution!,
    });
    releases.push(() => delivery.close());
    deliveries.push(delivery);
  }
  checkStop();

  // 5. The task's own gateway port (answering the services its VPC reaches), its internet fixture, then its containers.
  const port = await context.openTaskPort({ taskId: record.taskId, accountId: record.accountId, services: reachableServices(network) }, host);
  releases.push(() => port.close());
  // A listener and a client certificate only for a task whose VPC reaches an internet host.
  let fixture: { listener: { host: string; port: number }; tls: { ca: string; cert: string; key: string } } | undefined;
  if (network.internet.some((found) => found.verdict.reachable)) {
    const opened = await context.fixture().openForTask(record.taskId, host);
    releases.push(() => opened.close());
    fixture = { listener: { host: opened.host, port: opened.port }, tls: await context.fixture().taskTls(record.taskId) };
  }
  const exits: Promise<{ index: number; exit: ContainerExit }>[] = [];
  for (const [index, definition] of definitions.entries()) {
    const networkFor = (ownUrls: string[]) => containerNetworkEnvironment({ plan: network, gatewayPortUrl: port.url, ownUrls, ...(fixture && { fixture }) });
    const container = await startContainer(task, definition, pulled[index], deliveries[index], input, context, port.url, credentialsAccess, networkFor);
    task.containers.push(container);
    record.containers[index].runtimeId = container.runtimeId;
    record.containers[index].lastStatus = 'RUNNING';
    exits.push(container.exited.then((exit) => ({ index, exit })));
  }
  record.lastStatus = 'RUNNING';
  record.startedAt = Date.now();
  context.onRunning(task);
  if (task.stopRequest) void Promise.all(task.containers.map((container) => container.stop(task.stopRequest!.reason)));

  return awaitExits(task, definitions, exits);
}

/** Records each exit; the first essential container to exit stops the rest and names the task's stop. */
async function awaitExits(task: RunningTask, definitions: ContainerDefinition[], exits: Promise<{ index: number; exit: ContainerExit }>[]): Promise<TaskStopped> {
  const { record } = task;
  let stop: TaskStopped | undefined;
  const pending = new Map(exits.map((exit, index) => [index, exit]));
  while (pending.size > 0) {
    const { index, exit } = await Promise.race(pending.values());
    pending.delete(index);
    record.containers[index].exitCode = exitCodeOf(exit);
    record.containers[index].lastStatus = 'STOPPED';
    if (stop || definitions[index].essential === false) continue;
    if (exit.timedOut) {
      stop = new TaskStopped(`Task stopped by the dojo's ECS agent: ${exit.stopReason} (set KATA_TASK_TIMEOUT_MS to change the limit)`, 'UserInitiated');
    } else if (task.stopRequest) {
      stop = new TaskStopped(task.stopRequest.reason, task.stopRequest.code);
    } else {
      stop = new TaskStopped(ESSENTIAL_EXITED, 'EssentialContainerExited');
    }
    record.desiredStatus = 'STOPPED';
    record.stoppingAt ??= Date.now();
    for (const other of task.containers) void other.stop(stop.reason);
  }
  return stop ?? (task.stopRequest ? new TaskStopped(task.stopRequest.reason, task.stopRequest.code) : new TaskStopped(ESSENTIAL_EXITED, 'EssentialContainerExited'));
}

async function startContainer(
  task: RunningTask,
  definition: ContainerDefinition,
  image: RunnableImage,
  delivery: AwslogsDelivery | undefined,
  input: RunTaskCommandInput,
  context: LaunchContext,
  endpointUrl: string,
  credentials: TaskCredentialsAccess | undefined,
  networkFor: (ownUrls: string[]) => Record<string, string>,
): Promise<RunningContainer> {
  const { record } = task;
  const name = definition.name ?? '';
  const override = input.overrides?.containerOverrides?.find((o) => o.name === name);
  const metadataUri = context.metadata.register(record.taskId, context.runtime.harnessAddress, {
    task: () => record,
    containerName: name,
    ...(delivery && { logOptions: definition.logConfiguration?.options }),
  });
  const { environment } = containerEnvironment({
    region: record.region,
    endpointUrl,
    metadataUri,
    ...(credentials && { credentials }),
    taskDefinitionEnvironment: [...(definition.environment ?? []), ...(override?.environment ?? [])],
  });
  const command = override?.command ?? definition.command;
  const network = networkFor([metadataUri, ...(credentials ? [credentials.fullUri] : [])]);
  return context.runtime.run({
    taskId: record.taskId,
    containerName: name,
    image,
    ...(command && { command }),
    environment: { ...environment, ...network },
    preload: context.preload,
    timeoutMs: context.taskTimeoutMs,
    onOutput: (stream, chunk) => delivery?.shipper.write(stream, chunk),
  });
}
