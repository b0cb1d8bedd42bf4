import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { SampleTaskWorld } from '../kata-types';
import type { KataSetupEnv } from './define-kata';
import { registerSampleTaskDefinition, SAMPLE_TASK_LOGS, setUpSampleEcs } from './sample-ecs';
import { buildSampleVpc, type SampleTaskReach } from './sample-vpc';

/**
 * The article's ECS world, for a kata that runs the sample task: a VPC (10.0.0.0/16, DNS support
 * and hostnames on) with one subnet (10.0.0.0/20), the sample image pushed to ECR (my-repo:latest),
 * the task execution role, the log group, the cluster and a registered Fargate task definition (my-task).
 */
export async function buildSampleTaskWorld(env: KataSetupEnv, reach: SampleTaskReach): Promise<SampleTaskWorld> {
  const vpc = await buildSampleVpc(env.clients.ec2, env.region, reach);
  const { repositoryUri, executionRoleArn, cluster } = await setUpSampleEcs(env);
  await env.clients.logs.send(new CreateLogGroupCommand({ logGroupName: SAMPLE_TASK_LOGS.group }));
  const taskDefinitionArn = await registerSampleTaskDefinition(env.clients.ecs, env.region, {
    family: 'my-task',
    image: `${repositoryUri}:latest`,
    logs: SAMPLE_TASK_LOGS,
    executionRoleArn,
  });
  return { ...vpc, cluster, taskDefinitionArn, repositoryUri, executionRoleArn, logGroupName: SAMPLE_TASK_LOGS.group };
}
