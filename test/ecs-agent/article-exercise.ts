import { CreateLogGroupCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DescribeRouteTablesCommand, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand, DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, type ContainerDefinition, type Task, type TaskOverride } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { EndpointBackend } from '../../harness/backends/endpoint-backend';
import { EcsAgent } from '../../harness/ecs-agent/agent';
import type { ContainerRuntime } from '../../harness/ecs-agent/container-runtime';
import { Gateway } from '../../harness/gateway/gateway';
import { pushSampleImage } from '../../harness/images/push-sample-image';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { kataRegion } from '../../harness/region';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';
import { addEcsEndpoints, routeToInternet } from '../../harness/kata/sample-vpc';

/** The article's exercise as tests of the ECS agent build it: its setup, task definition, and how to watch a task. */

/** The suite's local cloud (read when first asked for, so scripts outside Jest can use the setup). */
export const cloud = {
  get gatewayUrl(): string {
    return currentLocalCloud().gatewayUrl;
  },
  get backendEndpoint(): string {
    return currentLocalCloud().backendEndpoint;
  },
  get region(): string {
    return currentLocalCloud().region;
  },
};
const region = kataRegion();
const toDestroy: (() => void)[] = [];

/** Call from afterAll: the clients the setups made. */
export function destroyExerciseClients(): void {
  toDestroy.splice(0).forEach((destroy) => destroy());
}

export const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/**
 * A gateway and agent of this test's own over the suite's backend: the only way to give one
 * test's agent an option (the todo fixture) without changing the suite's agent.
 */
export async function ownCloud(options: { runtime?: ContainerRuntime; taskTimeoutMs?: number } = {}): Promise<{ gatewayUrl: string; gateway: Gateway; agent: EcsAgent; stop(): Promise<void> }> {
  const { runtime, taskTimeoutMs } = options;
  const backend = new EndpointBackend(cloud.backendEndpoint);
  const gateway = new Gateway(backend, () => ({}));
  const gatewayUrl = await gateway.listen();
  const agent = new EcsAgent({
    backend,
    gatewayUrl,
    assumeRoleAsService: (request) => gateway.assumeRoleAsService(request),
    openTaskPort: (task, host) => gateway.openTaskPort(task, host),
    ...(runtime && { runtime }),
    ...(taskTimeoutMs && { taskTimeoutMs }),
  });
  await agent.start();
  gateway.useEcsAgent(agent);
  return {
    gatewayUrl,
    gateway,
    agent,
    async stop() {
      await agent.stop();
      await gateway.close();
    },
  };
}

export interface Exercise {
  accountId: string;
  root: KataClients;
  vpcId: string;
  repositoryUri: string;
  imageDigest: string;
  subnetId: string;
  securityGroupId: string;
  executionRoleArn: string;
}

/**
 * How the exercise's subnet reaches what the task needs:
 * - `public`: an internet gateway attached to the VPC and 0.0.0.0/0 to it in the main route table;
 * - `endpoints`: no way out, but VPC endpoints for ECR (api, dkr), CloudWatch Logs and S3, so ECS
 *   can pull and ship logs while the container reaches nothing on the internet.
 */
export type ExerciseNetwork = 'public' | 'endpoints';

/** The article's setup: VPC, subnet, security group, my-repo with the sample pushed, execution role, log group, cluster. */
export async function articleSetup(gatewayUrl: string, executionTrust = 'ecs-tasks.amazonaws.com', network: ExerciseNetwork = 'public'): Promise<Exercise> {
  const accountId = await newAccount(gatewayUrl);
  const root = createClients({ endpoint: gatewayUrl, region, credentials: rootCredentials(accountId) });
  toDestroy.push(() => destroyClients(root));
  const { Vpc } = await root.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  await root.ec2.send(new ModifyVpcAttributeCommand({ VpcId: Vpc!.VpcId!, EnableDnsHostnames: { Value: true } }));
  const { Subnet } = await root.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: '10.0.1.0/24' }));
  const { GroupId } = await root.ec2.send(new CreateSecurityGroupCommand({ VpcId: Vpc!.VpcId!, GroupName: 'my-sg', Description: 'my-sg' }));
  const routeTableId = await mainRouteTable(root, Vpc!.VpcId!);
  if (network === 'public') await routeToInternet(root.ec2, Vpc!.VpcId!, routeTableId);
  else await addEcsEndpoints(root.ec2, { region, vpcId: Vpc!.VpcId!, vpcCidr: '10.0.0.0/16', subnetId: Subnet!.SubnetId!, routeTableId });
  const { repository } = await root.ecr.send(new CreateRepositoryCommand({ repositoryName: 'my-repo' }));
  const pushed = await pushSampleImage({ repositoryUri: repository!.repositoryUri!, tag: 'latest', endpoint: gatewayUrl, credentials: rootCredentials(accountId) });
  const { Role } = await root.iam.send(new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: trust(executionTrust) }));
  await root.iam.send(new AttachRolePolicyCommand({ RoleName: 'ecsTaskExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
  await root.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/my-task' }));
  await root.ecs.send(new CreateClusterCommand({ clusterName: 'my-cluster' }));
  return {
    accountId,
    root,
    vpcId: Vpc!.VpcId!,
    repositoryUri: repository!.repositoryUri!,
    imageDigest: pushed.imageDigest,
    subnetId: Subnet!.SubnetId!,
    securityGroupId: GroupId!,
    executionRoleArn: Role!.Arn!,
  };
}

export function container(exercise: Exercise, logs = true): ContainerDefinition {
  return {
    name: 'my-container',
    image: `${exercise.repositoryUri}:latest`,
    essential: true,
    ...(logs && {
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/my-task', 'awslogs-region': region, 'awslogs-stream-prefix': 'ecs' } },
    }),
  };
}

export async function registerAndRun(
  exercise: Exercise,
  definition: { executionRoleArn?: string; taskRoleArn?: string; logs?: boolean; environment?: { name: string; value: string }[] } = {},
  overrides?: TaskOverride,
  where: { subnetId?: string; assignPublicIp?: 'ENABLED' | 'DISABLED' } = {},
) {
  const { taskDefinition } = await exercise.root.ecs.send(new RegisterTaskDefinitionCommand({
    family: 'my-task',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    ...(definition.executionRoleArn && { executionRoleArn: definition.executionRoleArn }),
    ...(definition.taskRoleArn && { taskRoleArn: definition.taskRoleArn }),
    containerDefinitions: [{ ...container(exercise, definition.logs ?? true), ...(definition.environment && { environment: definition.environment }) }],
  }));
  return exercise.root.ecs.send(new RunTaskCommand({
    cluster: 'my-cluster',
    taskDefinition: taskDefinition!.taskDefinitionArn!,
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: [where.subnetId ?? exercise.subnetId], securityGroups: [exercise.securityGroupId], assignPublicIp: where.assignPublicIp ?? 'ENABLED' },
    },
    ...(overrides && { overrides }),
  }));
}

/** DescribeTasks until the task is STOPPED; the statuses seen on the way. */
export async function untilStopped(exercise: Exercise, taskArn: string): Promise<{ task: Task; seen: string[] }> {
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

export async function logLines(exercise: Exercise, taskArn: string): Promise<string> {
  const taskId = taskArn.split('/').pop()!;
  const { events } = await exercise.root.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/my-task', logStreamName: `ecs/my-container/${taskId}`, startFromHead: true }));
  return (events ?? []).map((event) => event.message).join('\n');
}

/** The VPC's main route table. */
async function mainRouteTable(root: KataClients, vpcId: string): Promise<string> {
  const { RouteTables } = await root.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }));
  return RouteTables![0].RouteTableId!;
}

/** A task role trusted by ECS tasks, allowed ecr:DescribeImages on my-repo only. */
export async function describeMyRepoRole(exercise: Exercise): Promise<string> {
  await exercise.root.iam.send(new CreateRoleCommand({ RoleName: 'my-task-role', AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') }));
  await exercise.root.iam.send(new PutRolePolicyCommand({
    RoleName: 'my-task-role',
    PolicyName: 'describe-my-repo',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: `arn:aws:ecr:${region}:${exercise.accountId}:repository/my-repo` }],
    }),
  }));
  return `arn:aws:iam::${exercise.accountId}:role/my-task-role`;
}
