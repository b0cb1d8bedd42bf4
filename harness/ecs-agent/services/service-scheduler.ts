import type { CreateServiceCommandInput, DeleteServiceCommandInput, UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import { DEFAULT_RESTART_DELAYS, IMPAIRED_AFTER_FAILURES, RestartThrottle } from './restart-throttle';
import { ServiceEventLog, scalingStopReason, serviceMessages } from './service-events';
import { clusterArnOf, newDeploymentId, serviceArnOf, serviceKey, serviceNameOf } from './service-identity';
import { primaryOf, serviceView, tasksOf, type Deployment, type ServiceRecord, type ServiceTask } from './service-record';
import type {
  DeleteOutcome,
  LaunchFailure,
  RestartDelays,
  ServiceSchedulerOptions,
  ServiceTaskLauncher,
  ServiceView,
  StoredService,
  TaskStopInfo,
} from './service-types';

const DEFAULT_STABLE_RUN_MS = 10_000;
const KEPT_STOPPED_TASKS = 100;
/** Reports kept for tasks whose launch has not answered yet; more means they are not service tasks. */
const KEPT_EARLY_REPORTS = 100;

/**
 * ECS's service scheduler for the local agent (REPLICA strategy, rolling deployments with the
 * default 100 % minimum healthy and 200 % maximum): it keeps each service's desired count of tasks
 * running through the launcher, replaces tasks that stop, throttles tasks that keep failing to
 * start, rolls a new task definition out and keeps the service's events in ECS's words.
 *
 * The backend stores the service and answers the API; the scheduler is the data plane, and its
 * describe() is laid over the backend's DescribeServices answer.
 */
export class ServiceScheduler {
  private readonly services = new Map<string, ServiceRecord>();
  private readonly owners = new Map<string, ServiceRecord>();
  /** The agent may report a task RUNNING or STOPPED before its launch has answered here. */
  private readonly earlyReports = new Map<string, { runningAt?: number; stopped?: TaskStopInfo }>();
  private launchesInFlight = 0;
  private closed = false;
  private readonly delays: RestartDelays;
  private readonly stableRunMs: number;

  constructor(private readonly launcher: ServiceTaskLauncher, options: ServiceSchedulerOptions = {}) {
    this.delays = { ...DEFAULT_RESTART_DELAYS, ...options.delays };
    this.stableRunMs = options.stableRunMs ?? DEFAULT_STABLE_RUN_MS;
  }

  /** After the backend stored the service: records it and starts its desired count of tasks. */
  createService(accountId: string, region: string, input: CreateServiceCommandInput, stored?: StoredService): void {
    const taskDefinition = stored?.taskDefinition ?? input.taskDefinition;
    if (this.closed || !input.serviceName || !taskDefinition) return;
    const clusterArn = clusterArnOf(accountId, region, input.cluster);
    const key = serviceKey(accountId, region, clusterArn, input.serviceName);
    const previous = this.services.get(key);
    if (previous?.status === 'ACTIVE') this.drain(previous);

    const now = new Date();
    const backendId = stored?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
    const desiredCount = input.desiredCount ?? 0;
    const record: ServiceRecord = {
      accountId,
      region,
      clusterArn,
      serviceName: input.serviceName,
      serviceArn: stored?.serviceArn ?? serviceArnOf(clusterArn, input.serviceName),
      status: 'ACTIVE',
      desiredCount,
      deployments: [{
        id: backendId && /^ecs-svc\/\d+$/.test(backendId) ? backendId : newDeploymentId(),
        status: 'PRIMARY',
        taskDefinition,
        desiredCount,
        ...(input.launchType !== undefined && { launchType: input.launchType }),
        ...(input.capacityProviderStrategy !== undefined && { capacityProviderStrategy: input.capacityProviderStrategy }),
        ...(input.networkConfiguration !== undefined && { networkConfiguration: input.networkConfiguration }),
        createdAt: now,
        updatedAt: now,
        failedTasks: 0,
        rolloutState: 'IN_PROGRESS',
        launching: 0,
      }],
      tasks: new Map(),
      stoppedTaskArns: [],
      events: new ServiceEventLog(),
      throttle: new RestartThrottle(this.delays),
      steady: false,
    };
    this.services.set(key, record);
    this.reconcile(record);
  }

  /**
   * After the backend accepted UpdateService: a new desired count scales the service; a new task
   * definition, network configuration or forceNewDeployment starts a new deployment.
   */
  updateService(accountId: string, region: string, input: UpdateServiceCommandInput, stored?: StoredService): void {
    const record = this.find(accountId, region, input.cluster, input.service);
    if (this.closed || record?.status !== 'ACTIVE') return;
    const now = new Date();
    const primary = primaryOf(record);
    if (input.desiredCount !== undefined && input.desiredCount !== record.desiredCount) {
      record.desiredCount = input.desiredCount;
      primary.desiredCount = input.desiredCount;
      primary.updatedAt = now;
      record.steady = false;
    }
    const taskDefinition = stored?.taskDefinition ?? input.taskDefinition ?? primary.taskDefinition;
    const networkChanged = input.networkConfiguration !== undefined &&
      JSON.stringify(input.networkConfiguration) !== JSON.stringify(primary.networkConfiguration);
    if (input.forceNewDeployment || networkChanged || !sameTaskDefinition(taskDefinition, primary.taskDefinition)) {
      this.deploy(record, taskDefinition, input.networkConfiguration ?? primary.networkConfiguration, now);
    }
    this.reconcile(record);
  }

  /** Before the backend deletes the service: refuses as ECS does while it is scaled above 0, else drains it. */
  deleteService(accountId: string, region: string, input: DeleteServiceCommandInput): DeleteOutcome {
    const record = this.find(accountId, region, input.cluster, input.service);
    if (record?.status !== 'ACTIVE') return { ok: true };
    if (record.desiredCount > 0 && !input.force) {
      return { ok: false, status: 400, code: 'InvalidParameterException', message: 'The service cannot be stopped while it is scaled above 0.' };
    }
    this.drain(record);
    return { ok: true };
  }

  describe(accountId: string, region: string, cluster: string | undefined, service: string): ServiceView | undefined {
    const record = this.find(accountId, region, cluster, service);
    return record && serviceView(record);
  }

  /** ListTasks with serviceName: the service's tasks with that desired status. */
  tasksOf(accountId: string, region: string, cluster: string | undefined, service: string, desiredStatus: 'RUNNING' | 'STOPPED' = 'RUNNING'): string[] {
    const record = this.find(accountId, region, cluster, service);
    if (!record) return [];
    const tasks = tasksOf(record);
    if (desiredStatus === 'RUNNING') return tasks.filter((task) => !task.stopRequested).map((task) => task.taskArn);
    return [...tasks.filter((task) => task.stopRequested).map((task) => task.taskArn), ...record.stoppedTaskArns];
  }

  /** The agent reports a task RUNNING (any task; others are ignored). */
  taskRunning(taskArn: string): void {
    const record = this.owners.get(taskArn);
    if (!record) {
      this.keepEarlyReport(taskArn, { runningAt: Date.now() });
      return;
    }
    const task = record.tasks.get(taskArn)!;
    task.runningSince ??= Date.now();
    this.reconcile(record);
  }

  /** The agent reports a task STOPPED (any task; others are ignored). */
  taskStopped(taskArn: string, info: TaskStopInfo): void {
    const record = this.owners.get(taskArn);
    if (!record) {
      this.keepEarlyReport(taskArn, { ...this.earlyReports.get(taskArn), stopped: info });
      return;
    }
    const task = record.tasks.get(taskArn)!;
    record.tasks.delete(taskArn);
    this.owners.delete(taskArn);
    record.stoppedTaskArns.push(taskArn);
    if (record.stoppedTaskArns.length > KEPT_STOPPED_TASKS) record.stoppedTaskArns.shift();
    if (!task.stopRequested && record.status === 'ACTIVE' && task.deployment === primaryOf(record)) {
      this.judgeUnexpectedStop(record, task, info);
    }
    this.reconcile(record);
  }

  /** Stops scheduling: no more launches or timers. The tasks themselves are the agent's to stop. */
  close(): void {
    this.closed = true;
    for (const record of this.services.values()) {
      clearTimeout(record.timer);
      record.timer = undefined;
    }
    this.earlyReports.clear();
  }

  /** Brings the service towards its desired state; every change of state ends here. */
  private reconcile(record: ServiceRecord): void {
    if (this.closed || record.status === 'INACTIVE') return;
    if (record.status === 'DRAINING') {
      this.stop(record, tasksOf(record).filter((task) => !task.stopRequested));
      if (record.tasks.size === 0 && record.deployments.every((d) => d.launching === 0)) record.status = 'INACTIVE';
      return;
    }
    const primary = primaryOf(record);
    const wanted = tasksOf(record, primary).filter((task) => !task.stopRequested);
    const surplus = wanted.length - primary.desiredCount;
    if (surplus > 0) this.stop(record, scaleInOrder(wanted).slice(0, surplus));

    const missing = primary.desiredCount - wanted.length - primary.launching;
    if (missing > 0) {
      const waitMs = record.throttle.waitMs(Date.now());
      if (waitMs > 0) this.wakeAfter(record, waitMs);
      else void this.launch(record, primary, missing);
    }

    const primaryRunning = wanted.filter((task) => task.runningSince !== undefined).length;
    if (primaryRunning >= primary.desiredCount) this.retireOldDeployments(record);

    this.reportSteadyState(record);
  }

  /** Old deployments stop once the new one runs its desired count (100 % minimum healthy). */
  private retireOldDeployments(record: ServiceRecord): void {
    for (const old of record.deployments.slice(1)) {
      if (old.desiredCount !== 0) {
        old.desiredCount = 0;
        old.updatedAt = new Date();
      }
      this.stop(record, tasksOf(record, old).filter((task) => !task.stopRequested));
    }
    record.deployments = record.deployments.filter((d, i) => i === 0 || d.launching > 0 || tasksOf(record, d).length > 0);
  }

  private reportSteadyState(record: ServiceRecord): void {
    const primary = primaryOf(record);
    const tasks = tasksOf(record);
    const steady = record.deployments.length === 1 &&
      primary.launching === 0 &&
      tasks.length === primary.desiredCount &&
      tasks.every((task) => task.runningSince !== undefined && !task.stopRequested);
    if (!steady || record.steady) return;
    record.steady = true;
    const now = new Date();
    if (primary.rolloutState !== 'COMPLETED') {
      primary.rolloutState = 'COMPLETED';
      primary.updatedAt = now;
    }
    record.events.add(serviceMessages.steadyState(record.serviceName), now);
    record.events.resolved();
  }

  private async launch(record: ServiceRecord, deployment: Deployment, count: number): Promise<void> {
    record.steady = false;
    deployment.launching += count;
    this.launchesInFlight += count;
    const request = {
      accountId: record.accountId,
      region: record.region,
      clusterArn: record.clusterArn,
      serviceName: record.serviceName,
      taskDefinitionArn: deployment.taskDefinition,
      ...(deployment.networkConfiguration !== undefined && { networkConfiguration: deployment.networkConfiguration }),
      ...(deployment.launchType !== undefined && { launchType: deployment.launchType }),
      ...(deployment.capacityProviderStrategy !== undefined && { capacityProviderStrategy: deployment.capacityProviderStrategy }),
      startedBy: deployment.id,
      group: `service:${record.serviceName}`,
    };
    // async: a launcher that throws synchronously fails one launch, not the scheduler.
    const results = await Promise.allSettled(Array.from({ length: count }, async () => this.launcher.launch(request)));
    deployment.launching -= count;
    this.launchesInFlight -= count;
    if (this.closed) return;

    const now = new Date();
    const started: string[] = [];
    for (const result of results) {
      const outcome: { taskArn: string } | LaunchFailure =
        result.status === 'fulfilled' ? result.value : { failure: String((result.reason as Error)?.message ?? result.reason) };
      if ('taskArn' in outcome) {
        started.push(outcome.taskArn);
        continue;
      }
      deployment.failedTasks += 1;
      record.throttle.failed(now.getTime());
      const message = outcome.placement
        ? serviceMessages.unableToPlace(record.serviceName, outcome.failure)
        : serviceMessages.failedToLaunch(record.serviceName, outcome.failure);
      record.events.addProblem(message, now);
      this.reportImpaired(record, now);
    }
    for (const taskArn of started) {
      record.tasks.set(taskArn, { taskArn, deployment, stopRequested: false });
      this.owners.set(taskArn, record);
    }
    if (started.length > 0) record.events.add(serviceMessages.startedTasks(record.serviceName, started), now);
    for (const taskArn of started) this.replayEarlyReport(taskArn);
    this.reconcile(record);
  }

  private stop(record: ServiceRecord, tasks: ServiceTask[]): void {
    if (tasks.length === 0) return;
    record.steady = false;
    for (const task of tasks) {
      task.stopRequested = true;
      this.launcher.stop(task.taskArn, scalingStopReason(task.deployment.id));
    }
    record.events.add(serviceMessages.stoppedTasks(record.serviceName, tasks.map((task) => task.taskArn)), new Date());
  }

  /** A primary task stopped on its own: the throttle decides how soon it is replaced. */
  private judgeUnexpectedStop(record: ServiceRecord, task: ServiceTask, info: TaskStopInfo): void {
    const now = Date.now();
    record.steady = false;
    const neverRan = task.runningSince === undefined || info.stopCode === 'TaskFailedToStart';
    if (neverRan) task.deployment.failedTasks += 1;
    if (!neverRan && now - task.runningSince! >= this.stableRunMs) {
      record.throttle.replacing(now);
      return;
    }
    record.throttle.failed(now);
    this.reportImpaired(record, new Date(now));
  }

  private reportImpaired(record: ServiceRecord, now: Date): void {
    if (record.throttle.failuresInARow >= IMPAIRED_AFTER_FAILURES) {
      record.events.addProblem(serviceMessages.unableToStartConsistently(record.serviceName), now);
    }
  }

  private deploy(record: ServiceRecord, taskDefinition: string, networkConfiguration: unknown, now: Date): void {
    const previous = primaryOf(record);
    previous.status = 'ACTIVE';
    previous.updatedAt = now;
    record.deployments.unshift({
      id: newDeploymentId(),
      status: 'PRIMARY',
      taskDefinition,
      desiredCount: record.desiredCount,
      ...(previous.launchType !== undefined && { launchType: previous.launchType }),
      ...(previous.capacityProviderStrategy !== undefined && { capacityProviderStrategy: previous.capacityProviderStrategy }),
      ...(networkConfiguration !== undefined && { networkConfiguration }),
      createdAt: now,
      updatedAt: now,
      failedTasks: 0,
      rolloutState: 'IN_PROGRESS',
      launching: 0,
    });
    // ECS: a new deployment returns a throttled service to a non-throttled state at once.
    record.throttle.reset();
    clearTimeout(record.timer);
    record.timer = undefined;
    record.steady = false;
  }

  private drain(record: ServiceRecord): void {
    record.status = 'DRAINING';
    record.desiredCount = 0;
    for (const deployment of record.deployments) deployment.desiredCount = 0;
    clearTimeout(record.timer);
    record.timer = undefined;
    this.reconcile(record);
  }

  private wakeAfter(record: ServiceRecord, ms: number): void {
    if (record.timer) return;
    record.timer = setTimeout(() => {
      record.timer = undefined;
      this.reconcile(record);
    }, ms);
    record.timer.unref?.();
  }

  private keepEarlyReport(taskArn: string, report: { runningAt?: number; stopped?: TaskStopInfo }): void {
    if (this.launchesInFlight === 0) return;
    this.earlyReports.delete(taskArn);
    this.earlyReports.set(taskArn, report);
    if (this.earlyReports.size > KEPT_EARLY_REPORTS) this.earlyReports.delete(this.earlyReports.keys().next().value!);
  }

  private replayEarlyReport(taskArn: string): void {
    const report = this.earlyReports.get(taskArn);
    if (!report) return;
    this.earlyReports.delete(taskArn);
    const task = this.owners.get(taskArn)?.tasks.get(taskArn);
    if (task && report.runningAt !== undefined) task.runningSince = report.runningAt;
    if (report.stopped) this.taskStopped(taskArn, report.stopped);
  }

  private find(accountId: string, region: string, cluster: string | undefined, service: string | undefined): ServiceRecord | undefined {
    if (!service) return undefined;
    return this.services.get(serviceKey(accountId, region, clusterArnOf(accountId, region, cluster), serviceNameOf(service)));
  }
}

/** Scale-in stops tasks that are not running yet first, then the newest. */
function scaleInOrder(tasks: ServiceTask[]): ServiceTask[] {
  return [...tasks].sort((a, b) => (b.runningSince ?? Infinity) - (a.runningSince ?? Infinity));
}

/** `family:3` and its ARN are the same revision; a bare family is not taken to be any revision. */
function sameTaskDefinition(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}
