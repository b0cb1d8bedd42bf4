import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand, RegisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import type { KataSetupEnv } from './define-kata';

/** The sample task's awslogs settings, to read its output back (runTaskToStop's `logs`). */
export const SAMPLE_TASK_LOGS = { group: '/ecs/my-task', streamPrefix: 'ecs', container: 'my-container' } as const;
/** The awslogs settings of the kata-app task definition the ECS katas (10 on) register and run. */
export const KATA_APP_LOGS = { group: '/ecs/kata-app', streamPrefix: 'ecs', container: 'app' } as const;

/** A role document that lets ECS tasks (ecs-tasks.amazonaws.com) assume the role. */
export const ECS_TASKS_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** What every ECS kata's task starts from, before a task definition. */
export interface SampleEcs {
  /** my-repo, holding the sample image under the tag latest. */
  repositoryUri: string;
  repositoryArn: string;
  /** The digest the harness's push of the sample answered. */
  imageDigest: string;
  /** ecsTaskExecutionRole: trusted by ECS tasks, with AmazonECSTaskExecutionRolePolicy. */
  executionRoleArn: string;
  /** 'my-cluster'. */
  cluster: string;
}

/** The ECR repository my-repo with the sample pushed as latest, the task execution role and the cluster my-cluster. */
export async function setUpSampleEcs({ clients, harness }: KataSetupEnv): Promise<SampleEcs> {
  const { repository } = await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'my-repo' }));
  const { imageDigest } = await harness.pushSampleImage(repository!.repositoryUri!, 'latest');
  const { Role } = await clients.iam.send(new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: ECS_TASKS_TRUST }));
  await clients.iam.send(
    new AttachRolePolicyCommand({ RoleName: 'ecsTaskExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }),
  );
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'my-cluster' }));
  return {
    repositoryUri: repository!.repositoryUri!,
    repositoryArn: repository!.repositoryArn!,
    imageDigest,
    executionRoleArn: Role!.Arn!,
    cluster: 'my-cluster',
  };
}

/** One essential container running the sample image, its output shipped with awslogs. */
export interface SampleTaskDefinition {
  family: string;
  /** e.g. `${repositoryUri}:latest` */
  image: string;
  logs: { group: string; streamPrefix: string; container: string };
  executionRoleArn?: string;
  taskRoleArn?: string;
  /** The container's command instead of the image's CMD (starts with 'node' for the process runtime). */
  command?: string[];
}

/**
 * Registers the sample as the article's Fargate task definition (awsvpc, 256 CPU units / 512 MiB)
 * and returns its ARN: a new revision when the family exists.
 */
export async function registerSampleTaskDefinition(ecs: ECSClient, region: string, definition: SampleTaskDefinition): Promise<string> {
  const { family, image, logs, executionRoleArn, taskRoleArn, command } = definition;
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      ...(executionRoleArn ? { executionRoleArn } : {}),
      ...(taskRoleArn ? { taskRoleArn } : {}),
      containerDefinitions: [
        {
          name: logs.container,
          image,
          essential: true,
          ...(command ? { command } : {}),
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': logs.group, 'awslogs-region': region, 'awslogs-stream-prefix': logs.streamPrefix },
          },
        },
      ],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

