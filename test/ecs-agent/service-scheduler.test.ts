import { randomUUID } from 'node:crypto';
import { ServiceScheduler } from '../../harness/ecs-agent/services/service-scheduler';
import type { LaunchFailure, ServiceLaunchRequest, ServiceTaskLauncher } from '../../harness/ecs-agent/services/service-types';

const REGION = 'ap-northeast-1';
const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const CLUSTER = 'kata-cluster';
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
const SERVICE = 'kata-svc';
const TASK_DEF_1 = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/sample:1`;
const TASK_DEF_2 = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/sample:2`;
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' as const } };
/** How long the fake agent takes from RunTask to RUNNING, and from a stop to STOPPED. */
const START_MS = 100;
const STOP_MS = 10;

interface Launch {
  request: ServiceLaunchRequest;
  at: number;
  taskArn?: string;
}

/**
 * An in-memory agent: a launch answers at once and the task reports RUNNING START_MS later
 * (unless `failWith` refuses it); a stop reports STOPPED STOP_MS later; a task ends with
 * exit() or, with `exitAfterRunMs`, on its own.
 */
class FakeAgent implements ServiceTaskLauncher {
  readonly launches: Launch[] = [];
  readonly stops: { taskArn: string; reason: string }[] = [];
  failWith?: LaunchFailure | Error;
  /** Set: every task exits with code 0 this long after it reports RUNNING. */
  exitAfterRunMs?: number;
  scheduler!: ServiceScheduler;

  async launch(request: ServiceLaunchRequest): Promise<{ taskArn: string } | LaunchFailure> {
    const launch: Launch = { request, at: Date.now() };
    this.launches.push(launch);
    if (this.failWith instanceof Error) throw this.failWith;
    if (this.failWith) return this.failWith;
    const clusterName = request.clusterArn.split('/').pop();
    launch.taskArn = `arn:aws:ecs:${request.region}:${request.accountId}:task/${clusterName}/${randomUUID().replace(/-/g, '')}`;
    const taskArn = launch.taskArn;
    setTimeout(() => {
      if (this.stops.some((stop) => stop.taskArn === taskArn)) return;
      this.scheduler.taskRunning(taskArn);
      if (this.exitAfterRunMs !== undefined) setTimeout(() => this.exit(taskArn, 0), this.exitAfterRunMs);
    }, START_MS);
    return { taskArn };
  }

  stop(taskArn: string, reason: string): void {
    this.stops.push({ taskArn, reason });
    setTimeout(() => this.scheduler.taskStopped(taskArn, { stoppedReason: reason, stopCode: 'ServiceSchedulerInitiated', exitCode: 143 }), STOP_MS);
  }

  exit(taskArn: string, exitCode = 1): void {
    this.scheduler.taskStopped(taskArn, { stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited', exitCode });
  }

  taskArns(): string[] {
    return this.launches.flatMap((launch) => (launch.taskArn ? [launch.taskArn] : []));
  }

  gaps(): number[] {
    return this.launches.slice(1).map((launch, i) => launch.at - this.launches[i]!.at);
  }
}

let agent: FakeAgent;
let scheduler: ServiceScheduler;

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-05-01T00:00:00Z') });
  agent = new FakeAgent();
  scheduler = new ServiceScheduler(agent, { delays: { firstMs: 500, maxMs: 15_000 }, stableRunMs: 10_000 });
  agent.scheduler = scheduler;
});

afterEach(() => {
  scheduler.close();
  jest.useRealTimers();
});

const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);
const taskId = (arn: string) => arn.split('/').pop();

function create(desiredCount: number, accountId = ACCOUNT, serviceName = SERVICE): void {
  scheduler.createService(accountId, REGION, {
    cluster: CLUSTER,
    serviceName,
    taskDefinition: 'sample:1',
    desiredCount,
    launchType: 'FARGATE',
    networkConfiguration: NETWORK,
  }, { serviceArn: `arn:aws:ecs:${REGION}:${accountId}:service/${CLUSTER}/${serviceName}`, taskDefinition: TASK_DEF_1 });
}

const view = (accountId = ACCOUNT) => scheduler.describe(accountId, REGION, CLUSTER_ARN.replace(ACCOUNT, accountId), SERVICE)!;
const messages = (accountId = ACCOUNT) => view(accountId).events.map((event) => event.message);

describe('creating a service', () => {
  test('desiredCount 2 launches two tasks as the service, then reports a steady state', async () => {
    create(2);
    await advance(0);

    expect(agent.launches).toHaveLength(2);
    const deploymentId = view().deployments[0]!.id;
    expect(deploymentId).toMatch(/^ecs-svc\/\d{19}$/);
    expect(agent.launches[0]!.request).toEqual({
      accountId: ACCOUNT,
      region: REGION,
      clusterArn: CLUSTER_ARN,
      serviceName: SERVICE,
      taskDefinitionArn: TASK_DEF_1,
      networkConfiguration: NETWORK,
      launchType: 'FARGATE',
      startedBy: deploymentId,
      group: 'service:kata-svc',
    });
    const [a, b] = agent.taskArns();
    expect(messages()).toEqual([`(service kata-svc) has started 2 tasks: (task ${taskId(a!)}) (task ${taskId(b!)}).`]);
    expect(view()).toMatchObject({ status: 'ACTIVE', desiredCount: 2, runningCount: 0, pendingCount: 2 });
    expect(scheduler.tasksOf(ACCOUNT, REGION, CLUSTER, SERVICE)).toEqual([a, b]);

    await advance(START_MS);
    expect(view()).toMatchObject({ runningCount: 2, pendingCount: 0, taskDefinition: TASK_DEF_1 });
    expect(messages()[0]).toBe('(service kata-svc) has reached a steady state.');
    expect(view().deployments).toEqual([expect.objectContaining({
      id: deploymentId,
      status: 'PRIMARY',
      taskDefinition: TASK_DEF_1,
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${deploymentId} completed.`,
    })]);
    expect(view().events[0]!.createdAt).toEqual(new Date(Date.now()));
  });

  test('takes the deployment id the backend gave the service', async () => {
    scheduler.createService(ACCOUNT, REGION, { cluster: CLUSTER_ARN, serviceName: SERVICE, taskDefinition: 'sample:1', desiredCount: 1 }, {
      taskDefinition: TASK_DEF_1,
      deployments: [{ id: 'ecs-svc/123456789', status: 'PRIMARY' }],
    });
    await advance(0);
    expect(agent.launches[0]!.request.startedBy).toBe('ecs-svc/123456789');
    expect(scheduler.describe(ACCOUNT, REGION, CLUSTER, `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`)?.serviceArn)
      .toBe(`arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`);
  });

  test('a capacity provider strategy instead of a launch type reaches every launch, also of a new deployment', async () => {
    const strategy = [{ capacityProvider: 'FARGATE', weight: 1 }];
    scheduler.createService(ACCOUNT, REGION, { cluster: CLUSTER, serviceName: SERVICE, taskDefinition: 'sample:1', desiredCount: 1, capacityProviderStrategy: strategy, networkConfiguration: NETWORK }, {
      taskDefinition: TASK_DEF_1,
    });
    await advance(START_MS);
    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, taskDefinition: TASK_DEF_2 }, { taskDefinition: TASK_DEF_2 });
    await advance(0);
    expect(agent.launches.map((launch) => [launch.request.taskDefinitionArn, launch.request.capacityProviderStrategy, launch.request.launchType]))
      .toEqual([[TASK_DEF_1, strategy, undefined], [TASK_DEF_2, strategy, undefined]]);
  });

  test('desiredCount 0 starts nothing and is steady at once', async () => {
    create(0);
    await advance(0);
    expect(agent.launches).toHaveLength(0);
    expect(messages()).toEqual(['(service kata-svc) has reached a steady state.']);
  });
});

describe('keeping the desired count', () => {
  test('a task that stops is replaced within a second', async () => {
    create(2);
    await advance(START_MS);
    await advance(60_000);
    const [first] = agent.taskArns();

    agent.exit(first!);
    const exitedAt = Date.now();
    expect(view()).toMatchObject({ runningCount: 1, desiredCount: 2 });
    await advance(1000);
    expect(agent.launches).toHaveLength(3);
    expect(agent.launches[2]!.at - exitedAt).toBeLessThanOrEqual(1000);
    const replacement = agent.taskArns()[2]!;
    expect(messages()[1]).toBe(`(service kata-svc) has started 1 tasks: (task ${taskId(replacement)}).`);
    expect(scheduler.tasksOf(ACCOUNT, REGION, CLUSTER, SERVICE)).not.toContain(first);
    expect(scheduler.tasksOf(ACCOUNT, REGION, CLUSTER, SERVICE, 'STOPPED')).toEqual([first]);

    expect(view()).toMatchObject({ runningCount: 2, pendingCount: 0 });
    expect(messages()[0]).toBe('(service kata-svc) has reached a steady state.');
    expect(agent.stops).toEqual([]);
  });

  test('failing launches back off, doubling up to the cap, and say so once', async () => {
    agent.failWith = { failure: 'ClientException: Fargate requires task definition to have execution role ARN to support log driver awslogs.' };
    create(1);
    await advance(60_000);

    expect(agent.gaps()).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect(messages()).toEqual([
      '(service kata-svc) is unable to consistently start tasks successfully.',
      '(service kata-svc) failed to launch a task with (error ClientException: Fargate requires task definition to have execution role ARN to support log driver awslogs.).',
    ]);
    expect(view().deployments[0]).toMatchObject({ failedTasks: 8, runningCount: 0, rolloutState: 'IN_PROGRESS' });
  });

  test('a launch that throws counts as a failed launch', async () => {
    agent.failWith = new Error('connect ECONNREFUSED 127.0.0.1:5000');
    create(1);
    await advance(0);
    expect(messages()).toEqual(['(service kata-svc) failed to launch a task with (error connect ECONNREFUSED 127.0.0.1:5000).']);
    await advance(400);
    expect(agent.launches).toHaveLength(1);
    await advance(100);
    expect(agent.launches).toHaveLength(2);
  });

  test('a refusal the agent marks as placement reads as one', async () => {
    agent.failWith = { failure: 'no container instance met all of its requirements.', placement: true };
    create(1);
    await advance(0);
    expect(messages()).toEqual(['(service kata-svc) was unable to place a task because no container instance met all of its requirements.']);
  });

  test('tasks that exit as soon as they run back off too; one that ran well is replaced quickly', async () => {
    agent.exitAfterRunMs = 50;
    create(1);
    await advance(20_000);
    // Each gap: start and run time, then the throttle's doubling delay.
    expect(agent.gaps()).toEqual([500, 1000, 2000, 4000, 8000].map((delay) => START_MS + 50 + delay));
    expect(messages()).toContain('(service kata-svc) is unable to consistently start tasks successfully.');
    expect(view().deployments[0]!.failedTasks).toBe(0);

    agent.exitAfterRunMs = undefined;
    await advance(15_000);
    const launched = agent.launches.length;
    await advance(10_000);
    agent.exit(agent.taskArns().at(-1)!, 0);
    await advance(500);
    expect(agent.launches).toHaveLength(launched + 1);
  });

  test('a task that stops before its launch has answered is still replaced', async () => {
    const early: ServiceTaskLauncher = {
      launch: async (request) => {
        const taskArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/${randomUUID().replace(/-/g, '')}`;
        agent.launches.push({ request, at: Date.now(), taskArn });
        // The agent's own validation can stop the task before RunTask has answered.
        if (agent.launches.length === 1) scheduler.taskStopped(taskArn, { stoppedReason: 'TaskFailedToStart: no container definitions', stopCode: 'TaskFailedToStart' });
        return { taskArn };
      },
      stop: () => undefined,
    };
    scheduler.close();
    scheduler = new ServiceScheduler(early, { delays: { firstMs: 500, maxMs: 15_000 } });
    create(1);
    await advance(0);
    expect(agent.launches).toHaveLength(1);
    expect(view().deployments[0]!.failedTasks).toBe(1);
    await advance(500);
    expect(agent.launches).toHaveLength(2);
  });
});

describe('scaling', () => {
  test('scale to 0 stops every task with the scaling reason, and replaces none', async () => {
    create(2);
    await advance(START_MS);
    const deploymentId = view().deployments[0]!.id;
    const [a, b] = agent.taskArns();

    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, desiredCount: 0 });
    expect(agent.stops).toEqual([
      { taskArn: a, reason: `Scaling activity initiated by (deployment ${deploymentId})` },
      { taskArn: b, reason: `Scaling activity initiated by (deployment ${deploymentId})` },
    ]);
    expect(messages()[0]).toBe(`(service kata-svc) has stopped 2 running tasks: (task ${taskId(a!)}) (task ${taskId(b!)}).`);
    expect(view()).toMatchObject({ desiredCount: 0, runningCount: 2 });
    expect(scheduler.tasksOf(ACCOUNT, REGION, CLUSTER, SERVICE)).toEqual([]);
    expect(scheduler.tasksOf(ACCOUNT, REGION, CLUSTER, SERVICE, 'STOPPED')).toEqual([a, b]);

    await advance(STOP_MS);
    expect(view()).toMatchObject({ desiredCount: 0, runningCount: 0, pendingCount: 0 });
    expect(messages()[0]).toBe('(service kata-svc) has reached a steady state.');
    await advance(30_000);
    expect(agent.launches).toHaveLength(2);
  });

  test('scale up starts the missing tasks; scale in stops tasks not yet running first', async () => {
    create(1);
    await advance(START_MS);
    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, desiredCount: 3 });
    await advance(0);
    expect(agent.launches).toHaveLength(3);
    expect(messages()[0]).toMatch(/^\(service kata-svc\) has started 2 tasks: \(task \w{32}\) \(task \w{32}\)\.$/);

    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, desiredCount: 1 });
    const [running, pending1, pending2] = agent.taskArns();
    expect(agent.stops.map((stop) => stop.taskArn).sort()).toEqual([pending1, pending2].sort());
    await advance(START_MS);
    expect(scheduler.tasksOf(ACCOUNT, REGION, CLUSTER, SERVICE)).toEqual([running]);
    expect(view()).toMatchObject({ runningCount: 1, pendingCount: 0 });
  });
});

describe('deleting a service', () => {
  test('is refused while it is scaled above 0', async () => {
    create(2);
    await advance(START_MS);
    expect(scheduler.deleteService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE })).toEqual({
      ok: false,
      status: 400,
      code: 'InvalidParameterException',
      message: 'The service cannot be stopped while it is scaled above 0.',
    });
    expect(agent.stops).toEqual([]);
    expect(view()).toMatchObject({ status: 'ACTIVE', runningCount: 2 });
  });

  test('with force stops every task, drains, then is INACTIVE and schedules no more', async () => {
    create(2);
    await advance(START_MS);
    const deploymentId = view().deployments[0]!.id;

    expect(scheduler.deleteService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, force: true })).toEqual({ ok: true });
    expect(agent.stops.map((stop) => stop.reason)).toEqual([
      `Scaling activity initiated by (deployment ${deploymentId})`,
      `Scaling activity initiated by (deployment ${deploymentId})`,
    ]);
    expect(view()).toMatchObject({ status: 'DRAINING', desiredCount: 0 });

    await advance(STOP_MS);
    expect(view()).toMatchObject({ status: 'INACTIVE', runningCount: 0 });
    await advance(30_000);
    expect(agent.launches).toHaveLength(2);
  });

  test('scaled to 0 needs no force', async () => {
    create(0);
    expect(scheduler.deleteService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE })).toEqual({ ok: true });
    expect(view().status).toBe('INACTIVE');
  });

  test('a task whose launch answers after the delete is stopped too', async () => {
    let answer!: (value: { taskArn: string }) => void;
    const slow: ServiceTaskLauncher = { launch: () => new Promise((resolve) => (answer = resolve)), stop: (taskArn, reason) => agent.stop(taskArn, reason) };
    scheduler.close();
    scheduler = new ServiceScheduler(slow);
    agent.scheduler = scheduler;
    create(1);
    scheduler.deleteService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, force: true });
    expect(view().status).toBe('DRAINING');

    answer({ taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/late` });
    await advance(STOP_MS);
    expect(agent.stops.map((stop) => stop.taskArn)).toEqual([`arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/late`]);
    expect(view().status).toBe('INACTIVE');
  });
});

describe('deployments', () => {
  test('a new task definition starts new tasks, then stops the old ones once the new ones run', async () => {
    create(2);
    await advance(START_MS);
    const oldId = view().deployments[0]!.id;
    const oldTasks = agent.taskArns();

    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, taskDefinition: 'sample:2' }, { taskDefinition: TASK_DEF_2 });
    await advance(0);
    const newId = view().deployments[0]!.id;
    expect(newId).not.toBe(oldId);
    expect(view().deployments).toEqual([
      expect.objectContaining({ id: newId, status: 'PRIMARY', taskDefinition: TASK_DEF_2, desiredCount: 2, pendingCount: 2, rolloutState: 'IN_PROGRESS' }),
      expect.objectContaining({ id: oldId, status: 'ACTIVE', taskDefinition: TASK_DEF_1, runningCount: 2 }),
    ]);
    expect(agent.launches.slice(2).map((launch) => launch.request)).toEqual([
      expect.objectContaining({ taskDefinitionArn: TASK_DEF_2, startedBy: newId }),
      expect.objectContaining({ taskDefinitionArn: TASK_DEF_2, startedBy: newId }),
    ]);
    expect(agent.stops).toEqual([]);
    expect(view()).toMatchObject({ runningCount: 2, pendingCount: 2, taskDefinition: TASK_DEF_2 });

    await advance(START_MS);
    expect(agent.stops).toEqual(oldTasks.map((taskArn) => ({ taskArn, reason: `Scaling activity initiated by (deployment ${oldId})` })));

    await advance(STOP_MS);
    expect(view().deployments).toEqual([expect.objectContaining({ id: newId, status: 'PRIMARY', runningCount: 2, rolloutState: 'COMPLETED' })]);
    expect(view()).toMatchObject({ runningCount: 2, pendingCount: 0 });
    expect(messages().slice(0, 2)).toEqual([
      '(service kata-svc) has reached a steady state.',
      `(service kata-svc) has stopped 2 running tasks: ${oldTasks.map((arn) => `(task ${taskId(arn)})`).join(' ')}.`,
    ]);
  });

  test('the same revision by another name is no new deployment; forceNewDeployment is', async () => {
    create(1);
    await advance(START_MS);
    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, taskDefinition: 'sample:1' });
    expect(view().deployments).toHaveLength(1);
    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, forceNewDeployment: true });
    expect(view().deployments).toHaveLength(2);
  });

  test('a new deployment ends the throttle at once', async () => {
    agent.failWith = { failure: 'CannotPullContainerError' };
    create(1);
    await advance(20_000);
    const failed = agent.launches.length;
    agent.failWith = undefined;
    scheduler.updateService(ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, taskDefinition: 'sample:2' }, { taskDefinition: TASK_DEF_2 });
    await advance(0);
    expect(agent.launches).toHaveLength(failed + 1);
    await advance(START_MS);
    expect(view().deployments).toEqual([expect.objectContaining({ taskDefinition: TASK_DEF_2, rolloutState: 'COMPLETED' })]);
  });
});

describe('isolation and shutdown', () => {
  test('accounts are isolated', async () => {
    create(1, ACCOUNT);
    create(2, OTHER_ACCOUNT);
    await advance(START_MS);
    expect(view(ACCOUNT)).toMatchObject({ runningCount: 1, serviceArn: expect.stringContaining(ACCOUNT) });
    expect(view(OTHER_ACCOUNT)).toMatchObject({ runningCount: 2, serviceArn: expect.stringContaining(OTHER_ACCOUNT) });
    expect(agent.launches.filter((launch) => launch.request.accountId === OTHER_ACCOUNT)).toHaveLength(2);

    expect(scheduler.deleteService(OTHER_ACCOUNT, REGION, { cluster: CLUSTER, service: SERVICE, force: true })).toEqual({ ok: true });
    await advance(STOP_MS);
    expect(view(OTHER_ACCOUNT).status).toBe('INACTIVE');
    expect(view(ACCOUNT)).toMatchObject({ status: 'ACTIVE', runningCount: 1 });
    expect(scheduler.describe('333333333333', REGION, CLUSTER, SERVICE)).toBeUndefined();
    expect(scheduler.describe(ACCOUNT, 'us-east-1', CLUSTER, SERVICE)).toBeUndefined();
    expect(scheduler.tasksOf('333333333333', REGION, CLUSTER, SERVICE)).toEqual([]);
  });

  test('close stops scheduling: a pending replacement never launches', async () => {
    create(1);
    await advance(START_MS + 60_000);
    agent.exit(agent.taskArns()[0]!);
    scheduler.close();
    await advance(30_000);
    expect(agent.launches).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
