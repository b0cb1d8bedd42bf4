import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { runningContainerCount } from '../../harness/ecs-agent/process-runtime';
import { articleSetup, container, destroyExerciseClients, ownCloud, type Exercise } from './article-exercise';

jest.setTimeout(120_000);
afterAll(() => destroyExerciseClients());

/**
 * A container that runs until it wins the rename of the file named by EXIT_FILE, then exits 3:
 * one task of the service exits when the test writes that file.
 */
const EXIT_WHEN_TOLD = [
  'console.log("up");',
  'const fs = require("node:fs");',
  'setInterval(() => { try { fs.renameSync(process.env.EXIT_FILE, process.env.EXIT_FILE + ".taken"); process.exit(3); } catch {} }, 100);',
].join(' ');

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('ECS services in the local agent', () => {
  let own: Awaited<ReturnType<typeof ownCloud>>;
  let exerciseDir: string;
  beforeAll(async () => {
    own = await ownCloud();
    exerciseDir = await mkdtemp(path.join(tmpdir(), 'dojo-service-'));
  });
  afterAll(async () => {
    await own?.stop();
    await rm(exerciseDir, { recursive: true, force: true });
    expect(runningContainerCount()).toBe(0);
  });

  const describeService = async (exercise: Exercise): Promise<Service> =>
    (await exercise.root.ecs.send(new DescribeServicesCommand({ cluster: 'my-cluster', services: ['my-service'] }))).services![0];
  const runningTasks = async (exercise: Exercise): Promise<string[]> =>
    (await exercise.root.ecs.send(new ListTasksCommand({ cluster: 'my-cluster', serviceName: 'my-service' }))).taskArns ?? [];

  test('desiredCount 2 runs two tasks; one that exits is replaced; deleting above 0 is refused; scaling to 0 stops them all', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const exitFile = path.join(exerciseDir, 'exit-one');
    const { taskDefinition } = await exercise.root.ecs.send(new RegisterTaskDefinitionCommand({
      family: 'my-service-task',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: exercise.executionRoleArn,
      containerDefinitions: [{ ...container(exercise), command: ['node', '-e', EXIT_WHEN_TOLD], environment: [{ name: 'EXIT_FILE', value: exitFile }] }],
    }));
    const created = await exercise.root.ecs.send(new CreateServiceCommand({
      cluster: 'my-cluster',
      serviceName: 'my-service',
      taskDefinition: taskDefinition!.taskDefinitionArn!,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [exercise.subnetId], securityGroups: [exercise.securityGroupId], assignPublicIp: 'ENABLED' } },
    }));
    expect(created.service).toMatchObject({ serviceName: 'my-service', desiredCount: 2, status: 'ACTIVE' });

    const first = await until('two tasks run', async () => {
      const service = await describeService(exercise);
      return service.runningCount === 2 ? runningTasks(exercise) : undefined;
    });
    expect(first).toHaveLength(2);
    const described = await exercise.root.ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: first }));
    expect(described.tasks!.map((task) => [task.lastStatus, task.group])).toEqual([['RUNNING', 'service:my-service'], ['RUNNING', 'service:my-service']]);

    await expect(exercise.root.ecs.send(new DeleteServiceCommand({ cluster: 'my-cluster', service: 'my-service' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'The service cannot be stopped while it is scaled above 0.',
    });

    await writeFile(exitFile, 'exit');
    const replaced = await until('a replacement runs', async () => {
      const now = await runningTasks(exercise);
      const service = await describeService(exercise);
      return now.length === 2 && now.some((arn) => !first.includes(arn)) && service.runningCount === 2 ? now : undefined;
    });
    const [gone] = first.filter((arn) => !replaced.includes(arn));
    const [stopped] = (await exercise.root.ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: [gone] }))).tasks!;
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stoppedReason: 'Essential container in task exited' });
    expect(stopped.containers![0].exitCode).toBe(3);
    const events = (await describeService(exercise)).events!.map((event) => event.message);
    expect(events).toContainEqual(expect.stringMatching(/^\(service my-service\) has started 2 tasks: \(task \w+\) \(task \w+\)\.$/));
    expect(events).toContainEqual(expect.stringMatching(/^\(service my-service\) has started 1 tasks: \(task \w+\)\.$/));

    await exercise.root.ecs.send(new UpdateServiceCommand({ cluster: 'my-cluster', service: 'my-service', desiredCount: 0 }));
    await until('no task runs', async () => {
      const service = await describeService(exercise);
      return service.runningCount === 0 && (await runningTasks(exercise)).length === 0 ? true : undefined;
    });
    const { tasks: last } = await exercise.root.ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: replaced }));
    for (const task of last!) {
      expect(task.lastStatus).toBe('STOPPED');
      expect(task.stoppedReason).toMatch(/^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/);
      expect(task.stopCode).toBe('ServiceSchedulerInitiated');
    }
    expect(runningContainerCount()).toBe(0);
    const deleted = await exercise.root.ecs.send(new DeleteServiceCommand({ cluster: 'my-cluster', service: 'my-service' }));
    expect(deleted.service?.serviceName).toBe('my-service');
  });
});
