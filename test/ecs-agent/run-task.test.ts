import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { DockerRuntime } from '../../harness/ecs-agent/docker-runtime';
import { dockerSkipReason } from '../docker-available';
import type { ContainerRuntime } from '../../harness/ecs-agent/container-runtime';
import { ProcessContainerRuntime } from '../../harness/ecs-agent/process-container-runtime';
import { runningContainerCount } from '../../harness/ecs-agent/process-runtime';
import {
  articleSetup,
  cloud,
  describeMyRepoRole,
  destroyExerciseClients,
  logLines,
  ownCloud,
  registerAndRun,
  trust,
  untilStopped,
} from './article-exercise';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';

jest.setTimeout(180_000);
afterAll(() => destroyExerciseClients());

/** Prints what a container sees, for the tests that look inside. */
const PRINT_ENVIRONMENT = [
  'const fs = require("node:fs"), os = require("node:os"), path = require("node:path");',
  'console.log("ENV " + JSON.stringify(process.env));',
  'console.log("AWS_DIR " + fs.existsSync(path.join(os.homedir(), ".aws")));',
].join(' ');
const PRINT_TASK_METADATA =
  'fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + "/task").then((r) => r.json()).then((m) => console.log("TASK " + JSON.stringify(m)))';

/** The runtimes under test, each with how to count what it left running. Docker only where it answers (always in CI). */
const runtimes: [string, () => ContainerRuntime, () => number][] = [
  ['process', () => new ProcessContainerRuntime(), runningContainerCount],
  ...(dockerSkipReason() === undefined ? [['docker', () => new DockerRuntime(), dockerTaskContainerCount] as [string, () => ContainerRuntime, () => number]] : []),
];
if (dockerSkipReason() !== undefined) process.stderr.write(`Skipping the Docker runtime's RunTask tests: ${dockerSkipReason()}\n`);

function dockerTaskContainerCount(): number {
  const listed = spawnSync('docker', ['ps', '--all', '--quiet', '--filter', 'label=aws-basics-dojo.task-id'], { encoding: 'utf8' });
  return listed.stdout.split('\n').filter(Boolean).length;
}

describe.each(runtimes)('the ECS agent runs RunTask with the %s runtime', (_name, makeRuntime, leftovers) => {
  let own: Awaited<ReturnType<typeof ownCloud>>;
  beforeAll(async () => {
    own = await ownCloud({ runtime: makeRuntime() });
  });
  afterAll(async () => {
    await own?.stop();
    expect(leftovers()).toBe(0);
  });

  test("the article's exercise: no task role, the todo and the credentials error; a role allowed ecr:DescribeImages on my-repo, the image details with the pushed digest", async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const first = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
    expect(first.tasks![0].lastStatus).toBe('PROVISIONING');
    const stoppedFirst = await untilStopped(exercise, first.tasks![0].taskArn!);
    expect(stoppedFirst.seen).toContain('RUNNING');
    const withoutRole = await logLines(exercise, first.tasks![0].taskArn!);
    expect(withoutRole).toContain("title: 'delectus aut autem'");
    expect(withoutRole).toContain('Could not load credentials from any providers');
    expect(withoutRole).not.toContain(exercise.imageDigest);
    expect(stoppedFirst.task.stoppedReason).toBe('Essential container in task exited');
    expect(stoppedFirst.task.stopCode).toBe('EssentialContainerExited');
    expect(stoppedFirst.task.containers![0].exitCode).toBe(1);

    const taskRoleArn = await describeMyRepoRole(exercise);
    const second = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn, taskRoleArn });
    const { task } = await untilStopped(exercise, second.tasks![0].taskArn!);
    const withRole = await logLines(exercise, task.taskArn!);
    expect(withRole).toContain("title: 'delectus aut autem'");
    const described = await exercise.root.ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }));
    expect(described.imageDetails![0].imageDigest).toBe(exercise.imageDigest);
    expect(withRole).toContain(`imageDigest: '${exercise.imageDigest}'`);
    expect(task.containers![0].exitCode).toBe(0);
    // The sample's call came through the gateway port bound to this task, as the role's session.
    const calls = own.gateway.trace.of(exercise.accountId).filter((call) => call.operation === 'DescribeImages' && call.taskId === task.taskArn!.split('/').pop());
    expect(calls).toEqual([expect.objectContaining({ service: 'ecr', status: 200 })]);
  });

  test('with AWS_ACCESS_KEY_ID, AWS_PROFILE and a ~/.aws on the host, a task without a role still gets no credentials', async () => {
    const saved = { ...process.env };
    const hostHome = await mkdtemp(path.join(tmpdir(), 'dojo-host-home-'));
    await mkdir(path.join(hostHome, '.aws'));
    await writeFile(path.join(hostHome, '.aws', 'credentials'), '[host-profile]\naws_access_key_id = AKIAHOSTPROFILE00000\naws_secret_access_key = host-profile-secret\n');
    Object.assign(process.env, {
      HOME: hostHome,
      AWS_ACCESS_KEY_ID: 'AKIAHOSTKEY000000000',
      AWS_SECRET_ACCESS_KEY: 'host-secret',
      AWS_SESSION_TOKEN: 'host-token',
      AWS_PROFILE: 'host-profile',
      AWS_SHARED_CREDENTIALS_FILE: path.join(hostHome, '.aws', 'credentials'),
    });
    try {
      const exercise = await articleSetup(own.gatewayUrl);
      const sample = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
      await untilStopped(exercise, sample.tasks![0].taskArn!);
      expect(await logLines(exercise, sample.tasks![0].taskArn!)).toContain('Could not load credentials from any providers');

      const printed = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn }, {
        containerOverrides: [{ name: 'my-container', command: ['node', '-e', PRINT_ENVIRONMENT] }],
      });
      await untilStopped(exercise, printed.tasks![0].taskArn!);
      const lines = (await logLines(exercise, printed.tasks![0].taskArn!)).split('\n');
      const environment = JSON.parse(lines.find((l) => l.startsWith('ENV '))!.slice(4)) as Record<string, string>;
      expect(Object.keys(environment).filter((name) => name.startsWith('AWS_') && /KEY|SECRET|TOKEN|PROFILE|CREDENTIALS/.test(name))).toEqual([]);
      expect(lines).toContain('AWS_DIR false');
      expect(environment.HOME).not.toBe(hostHome);
      expect(environment.AWS_REGION).toBe(cloud.region);
      expect(environment.AWS_ENDPOINT_URL).not.toBe(own.gatewayUrl);
    } finally {
      for (const name of ['HOME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await rm(hostHome, { recursive: true, force: true });
    }
  });

  test('the container reads its task from the task metadata endpoint (ECS_CONTAINER_METADATA_URI_V4)', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const run = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn }, {
      containerOverrides: [{ name: 'my-container', command: ['node', '-e', PRINT_TASK_METADATA] }],
    });
    const { task } = await untilStopped(exercise, run.tasks![0].taskArn!);
    const line = (await logLines(exercise, task.taskArn!)).split('\n').find((l) => l.startsWith('TASK '));
    expect(line).toBeDefined();
    const metadata = JSON.parse(line!.slice(5)) as { TaskARN: string; Family: string; LaunchType: string; Containers: { Name: string; KnownStatus: string }[] };
    expect(metadata).toMatchObject({ TaskARN: task.taskArn, Family: 'my-task', LaunchType: 'FARGATE' });
    expect(metadata.Containers).toEqual([expect.objectContaining({ Name: 'my-container', KnownStatus: 'RUNNING' })]);
  });

  test('without an execution role and without awslogs, the ECR pull fails: CannotPullContainerError', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const { tasks } = await registerAndRun(exercise, { logs: false });
    const { task } = await untilStopped(exercise, tasks![0].taskArn!);
    expect(task.stopCode).toBe('TaskFailedToStart');
    expect(task.stoppedReason).toMatch(/^CannotPullContainerError: /);
    expect(task.stoppedReason).toContain('no basic auth credentials');
    expect(task.containers![0].exitCode).toBeUndefined();
  });

  test('an execution role trusted by lambda.amazonaws.com stops the task with the assume-role reason', async () => {
    const exercise = await articleSetup(own.gatewayUrl, 'lambda.amazonaws.com');
    const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
    const { task } = await untilStopped(exercise, tasks![0].taskArn!);
    expect(task.stopCode).toBe('TaskFailedToStart');
    expect(task.stoppedReason).toMatch(/^ResourceInitializationError: /);
    expect(task.stoppedReason).toContain(`ECS was unable to assume the role '${exercise.executionRoleArn}'`);
    expect(task.containers![0].exitCode).toBeUndefined();
  });

  test('a task role trusted by lambda.amazonaws.com only stops the task before its container runs', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const { Role } = await exercise.root.iam.send(new CreateRoleCommand({ RoleName: 'lambda-only', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
    const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn, taskRoleArn: Role!.Arn! });
    const { task, seen } = await untilStopped(exercise, tasks![0].taskArn!);
    expect(seen).not.toContain('RUNNING');
    expect(task.stoppedReason).toContain(`ResourceInitializationError: ECS was unable to assume the role '${Role!.Arn}'`);
  });

  test('a container still running at the task timeout is stopped, and the stop reason says how to change the limit', async () => {
    const short = await ownCloud({ runtime: makeRuntime(), taskTimeoutMs: 1500 });
    try {
      const exercise = await articleSetup(short.gatewayUrl);
      const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn }, {
        containerOverrides: [{ name: 'my-container', command: ['node', '-e', 'console.log("started"); setInterval(() => {}, 1000)'] }],
      });
      const { task, seen } = await untilStopped(exercise, tasks![0].taskArn!);
      expect(seen).toContain('RUNNING');
      expect(task.stoppedReason).toContain('Task timed out: still running after 1500 ms');
      expect(task.stoppedReason).toContain('KATA_TASK_TIMEOUT_MS');
      expect(await logLines(exercise, task.taskArn!)).toContain('started');
    } finally {
      await short.stop();
    }
  });

  test('every container of a task runs; when the essential one exits, the others are stopped', async () => {
    const exercise = await articleSetup(own.gatewayUrl);
    const logConfiguration = (prefix: string) => ({ logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/my-task', 'awslogs-region': cloud.region, 'awslogs-stream-prefix': prefix } });
    const { taskDefinition } = await exercise.root.ecs.send(new RegisterTaskDefinitionCommand({
      family: 'two-containers',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: exercise.executionRoleArn,
      containerDefinitions: [
        { name: 'app', image: `${exercise.repositoryUri}:latest`, essential: true, command: ['node', '-e', 'setTimeout(() => console.log("app done"), 500)'], logConfiguration: logConfiguration('ecs') },
        { name: 'sidecar', image: `${exercise.repositoryUri}:latest`, essential: false, command: ['node', '-e', 'console.log("sidecar up"); setInterval(() => {}, 1000)'], logConfiguration: logConfiguration('ecs') },
      ],
    }));
    const { tasks } = await exercise.root.ecs.send(new RunTaskCommand({
      cluster: 'my-cluster',
      taskDefinition: taskDefinition!.taskDefinitionArn!,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [exercise.subnetId], securityGroups: [exercise.securityGroupId], assignPublicIp: 'ENABLED' } },
    }));
    const { task } = await untilStopped(exercise, tasks![0].taskArn!);
    expect(task.stoppedReason).toBe('Essential container in task exited');
    const byName = Object.fromEntries(task.containers!.map((c) => [c.name, c]));
    expect(byName.app.exitCode).toBe(0);
    // Stopped by signal: 143 when it obeys SIGTERM; 137 when it is killed after the grace (Node as a container's PID 1 ignores SIGTERM).
    expect([137, 143]).toContain(byName.sidecar.exitCode);
    const taskId = task.taskArn!.split('/').pop()!;
    const stream = async (name: string) =>
      ((await exercise.root.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/my-task', logStreamName: `ecs/${name}/${taskId}`, startFromHead: true }))).events ?? []).map((e) => e.message);
    expect(await stream('app')).toEqual(['app done']);
    expect(await stream('sidecar')).toEqual(['sidecar up']);
  });
});

describe('the ECS agent with the suite\'s local cloud', () => {
  test('a Fargate task definition with awslogs and no execution role is refused at RegisterTaskDefinition, as in ECS', async () => {
    const exercise = await articleSetup(cloud.gatewayUrl);
    await expect(registerAndRun(exercise)).rejects.toMatchObject({ name: 'ClientException', $metadata: { httpStatusCode: 400 } });
  });

  test('in a public subnet the sample fetches the todo, then fails on credentials: the local cloud wires agent, gateway and network together', async () => {
    const exercise = await articleSetup(cloud.gatewayUrl);
    const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
    const { task } = await untilStopped(exercise, tasks![0].taskArn!);
    const logs = await logLines(exercise, task.taskArn!);
    expect(logs).toContain("title: 'delectus aut autem'");
    expect(logs).toContain('Could not load credentials from any providers');
    expect(logs).not.toContain('imageDigest');
    expect(task.containers![0].exitCode).toBe(1);
  });
});
