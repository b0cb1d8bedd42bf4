import { CreateLogGroupCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand, DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, type ContainerDefinition, type Task } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { EndpointBackend } from '../../harness/backends/endpoint-backend';
import { EcsAgent } from '../../harness/ecs-agent/agent';
import { runningContainerCount } from '../../harness/ecs-agent/process-runtime';
import { Gateway } from '../../harness/gateway/gateway';
import { pushSampleImage } from '../../harness/images/push-sample-image';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';
import { TODO, TODO_URL } from '../fixtures/todo';

jest.setTimeout(180_000);

const cloud = currentLocalCloud();
const region = cloud.region;
const toDestroy: (() => void)[] = [];
afterAll(() => toDestroy.forEach((destroy) => destroy()));

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/**
 * A gateway and agent of this test's own over the suite's backend: the only way to give one
 * test's agent an option (the todo fixture) without changing the suite's agent.
 */
async function ownCloud(fetchFixtures?: Record<string, unknown>): Promise<{ gatewayUrl: string; stop(): Promise<void> }> {
  const backend = new EndpointBackend(cloud.backendEndpoint);
  const gateway = new Gateway(backend, () => ({}));
  const gatewayUrl = await gateway.listen();
  const agent = new EcsAgent({
    backend,
    gatewayUrl,
    assumeRoleAsService: (request) => gateway.assumeRoleAsService(request),
    openTaskPort: (taskId, host) => gateway.openTaskPort(taskId, host),
    ...(fetchFixtures && { fetchFixtures }),
  });
  await agent.start();
  gateway.useEcsAgent(agent);
  return {
    gatewayUrl,
    async stop() {
      await agent.stop();
      await gateway.close();
    },
  };
}

interface Exercise {
  accountId: string;
  root: KataClients;
  repositoryUri: string;
  imageDigest: string;
  subnetId: string;
  securityGroupId: string;
  executionRoleArn: string;
}

/** The article's setup: VPC, subnet, security group, my-repo with the sample pushed, execution role, log group, cluster. */
async function articleSetup(gatewayUrl: string, executionTrust = 'ecs-tasks.amazonaws.com'): Promise<Exercise> {
  const accountId = await newAccount(gatewayUrl);
  const root = createClients({ endpoint: gatewayUrl, region, credentials: rootCredentials(accountId) });
  toDestroy.push(() => destroyClients(root));
  const { Vpc } = await root.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  await root.ec2.send(new ModifyVpcAttributeCommand({ VpcId: Vpc!.VpcId!, EnableDnsHostnames: { Value: true } }));
  const { Subnet } = await root.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: '10.0.1.0/24' }));
  const { GroupId } = await root.ec2.send(new CreateSecurityGroupCommand({ VpcId: Vpc!.VpcId!, GroupName: 'my-sg', Description: 'my-sg' }));
  const { repository } = await root.ecr.send(new CreateRepositoryCommand({ repositoryName: 'my-repo' }));
  const pushed = await pushSampleImage({ repositoryUri: repository!.repositoryUri!, tag: 'latest', endpoint: gatewayUrl, credentials: rootCredentials(accountId) });
  const { Role } = await root.iam.send(new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: trust(executionTrust) }));
  await root.iam.send(new AttachRolePolicyCommand({ RoleName: 'ecsTaskExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
  await root.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/my-task' }));
  await root.ecs.send(new CreateClusterCommand({ clusterName: 'my-cluster' }));
  return {
    accountId,
    root,
    repositoryUri: repository!.repositoryUri!,
    imageDigest: pushed.imageDigest,
    subnetId: Subnet!.SubnetId!,
    securityGroupId: GroupId!,
    executionRoleArn: Role!.Arn!,
  };
}

function container(exercise: Exercise, logs = true): ContainerDefinition {
  return {
    name: 'my-container',
    image: `${exercise.repositoryUri}:latest`,
    essential: true,
    ...(logs && {
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/my-task', 'awslogs-region': region, 'awslogs-stream-prefix': 'ecs' } },
    }),
  };
}

async function registerAndRun(exercise: Exercise, definition: { executionRoleArn?: string; taskRoleArn?: string; logs?: boolean } = {}) {
  const { taskDefinition } = await exercise.root.ecs.send(new RegisterTaskDefinitionCommand({
    family: 'my-task',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    ...(definition.executionRoleArn && { executionRoleArn: definition.executionRoleArn }),
    ...(definition.taskRoleArn && { taskRoleArn: definition.taskRoleArn }),
    containerDefinitions: [container(exercise, definition.logs ?? true)],
  }));
  return exercise.root.ecs.send(new RunTaskCommand({
    cluster: 'my-cluster',
    taskDefinition: taskDefinition!.taskDefinitionArn!,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: [exercise.subnetId], securityGroups: [exercise.securityGroupId], assignPublicIp: 'ENABLED' } },
  }));
}

/** DescribeTasks until the task is STOPPED; the statuses seen on the way. */
async function untilStopped(exercise: Exercise, taskArn: string): Promise<{ task: Task; seen: string[] }> {
  const seen: string[] = [];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { tasks } = await exercise.root.ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: [taskArn] }));
    const task = tasks![0];
    if (seen[seen.length - 1] !== task.lastStatus) seen.push(task.lastStatus!);
    if (task.lastStatus === 'STOPPED') return { task, seen };
    if (Date.now() > deadline) throw new Error(`Task ${taskArn} is still ${task.lastStatus} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function logLines(exercise: Exercise, taskArn: string): Promise<string> {
  const taskId = taskArn.split('/').pop()!;
  const { events } = await exercise.root.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/my-task', logStreamName: `ecs/my-container/${taskId}`, startFromHead: true }));
  return (events ?? []).map((event) => event.message).join('\n');
}

describe('the ECS agent runs RunTask with the process runtime', () => {
  afterAll(() => expect(runningContainerCount()).toBe(0));

  test("the article's exercise without a task role: the task stops with the container's exit code and its logs hold what the sample printed", async () => {
    const exercise = await articleSetup(cloud.gatewayUrl);
    const { tasks, failures } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
    expect(failures).toEqual([]);
    expect(tasks![0].lastStatus).toBe('PROVISIONING');
    const { task, seen } = await untilStopped(exercise, tasks![0].taskArn!);
    expect(seen[seen.length - 1]).toBe('STOPPED');
    expect(task.stoppedReason).toBe('Essential container in task exited');
    expect(task.stopCode).toBe('EssentialContainerExited');
    const logs = await logLines(exercise, task.taskArn!);
    // No internet yet: the sample awaits the todo fetch, which fails like a subnet without a route;
    // the unhandled rejection ends the process before it reaches DescribeImages.
    expect(logs).toContain('TypeError: fetch failed');
    expect(logs).toContain('UND_ERR_CONNECT_TIMEOUT');
    expect(logs).not.toContain('imageDigest');
    expect(task.containers![0].exitCode).toBe(1);
  });

  test('with the todo fixture and no task role, the credentials error appears; with a task role allowed ecr:DescribeImages on my-repo, the image details with the pushed digest', async () => {
    const own = await ownCloud({ [TODO_URL]: TODO });
    try {
      const exercise = await articleSetup(own.gatewayUrl);
      const first = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
      const stoppedFirst = await untilStopped(exercise, first.tasks![0].taskArn!);
      const withoutRole = await logLines(exercise, first.tasks![0].taskArn!);
      expect(withoutRole).toContain("title: 'delectus aut autem'");
      expect(withoutRole).toContain('Could not load credentials from any providers');
      expect(withoutRole).not.toContain(exercise.imageDigest);
      expect(stoppedFirst.task.containers![0].exitCode).toBe(1);

      await exercise.root.iam.send(new CreateRoleCommand({ RoleName: 'my-task-role', AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') }));
      const { Role } = await exercise.root.iam.send(new PutRolePolicyCommand({
        RoleName: 'my-task-role',
        PolicyName: 'describe-my-repo',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: `arn:aws:ecr:${region}:${exercise.accountId}:repository/my-repo` }],
        }),
      })).then(() => ({ Role: { Arn: `arn:aws:iam::${exercise.accountId}:role/my-task-role` } }));
      const second = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn, taskRoleArn: Role.Arn });
      const { task } = await untilStopped(exercise, second.tasks![0].taskArn!);
      const withRole = await logLines(exercise, task.taskArn!);
      expect(withRole).toContain("title: 'delectus aut autem'");
      const described = await exercise.root.ecr.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }));
      expect(described.imageDetails![0].imageDigest).toBe(exercise.imageDigest);
      expect(withRole).toContain(`imageDigest: '${exercise.imageDigest}'`);
      expect(task.stoppedReason).toBe('Essential container in task exited');
      expect(task.containers![0].exitCode).toBe(0);
    } finally {
      await own.stop();
    }
  });

  test('a task definition with awslogs and no execution role fails RunTask as Fargate does', async () => {
    const exercise = await articleSetup(cloud.gatewayUrl);
    await expect(registerAndRun(exercise)).rejects.toMatchObject({
      name: 'ClientException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('an execution role trusted by lambda.amazonaws.com stops the task with the assume-role reason', async () => {
    const exercise = await articleSetup(cloud.gatewayUrl, 'lambda.amazonaws.com');
    const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
    const { task } = await untilStopped(exercise, tasks![0].taskArn!);
    expect(task.stopCode).toBe('TaskFailedToStart');
    expect(task.stoppedReason).toMatch(/^ResourceInitializationError: /);
    expect(task.stoppedReason).toContain(`ECS was unable to assume the role '${exercise.executionRoleArn}'`);
    expect(task.containers![0].exitCode).toBeUndefined();
  });
});
