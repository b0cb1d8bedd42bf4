import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { KataAppTaskGiven } from '../kata-types';
import type { KataSetupEnv } from './define-kata';
import { KATA_APP_LOGS, registerSampleTaskDefinition } from './sample-task-world';

const REPOSITORY = 'my-repo';
const CLUSTER = 'my-cluster';
const TASK_ROLE = 'kata-app-task-role';
const ECS_TASKS_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/**
 * The ECS half of a kata that runs the sample as family kata-app, with no network of its own:
 * the sample image in ECR (my-repo:latest), the execution role, a task role allowed
 * ecr:DescribeImages on my-repo (so only the task's network decides whether the sample logs the
 * image details), the log group /ecs/kata-app, the cluster my-cluster and the task definition.
 * `command` replaces the image's CMD (see SAMPLE_CALLS_EACH_ON_ITS_OWN).
 */
export async function setUpKataAppTask({ clients, region, harness }: KataSetupEnv, options: { command?: string[] } = {}): Promise<KataAppTaskGiven> {
  const { repository } = await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: REPOSITORY }));
  const repositoryUri = repository!.repositoryUri!;
  await harness.pushSampleImage(repositoryUri, 'latest');

  const { Role: execution } = await clients.iam.send(
    new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: JSON.stringify(ECS_TASKS_TRUST) }),
  );
  await clients.iam.send(
    new AttachRolePolicyCommand({ RoleName: 'ecsTaskExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }),
  );
  const { Role: taskRole } = await clients.iam.send(new CreateRoleCommand({ RoleName: TASK_ROLE, AssumeRolePolicyDocument: JSON.stringify(ECS_TASKS_TRUST) }));
  const describeImages = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: repository!.repositoryArn! }] };
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: TASK_ROLE, PolicyName: 'describe-my-repo', PolicyDocument: JSON.stringify(describeImages) }));

  await clients.logs.send(new CreateLogGroupCommand({ logGroupName: KATA_APP_LOGS.group }));
  await clients.ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  const taskDefinitionArn = await registerSampleTaskDefinition(clients.ecs, region, {
    family: 'kata-app',
    image: `${repositoryUri}:latest`,
    logs: KATA_APP_LOGS,
    executionRoleArn: execution!.Arn!,
    taskRoleArn: taskRole!.Arn!,
    ...(options.command ? { command: options.command } : {}),
  });
  return {
    cluster: CLUSTER,
    taskDefinitionArn,
    repositoryUri,
    executionRoleArn: execution!.Arn!,
    taskRoleArn: taskRole!.Arn!,
    logGroupName: KATA_APP_LOGS.group,
  };
}
