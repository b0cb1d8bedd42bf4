import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { KataAppGiven } from '../kata-types';
import type { KataSetupEnv } from './define-kata';
import { buildSampleTaskWorld, KATA_APP_LOGS, registerSampleTaskDefinition } from './sample-task-world';

/**
 * The article's world in a public subnet, plus the kata-app task definition (the sample image in
 * the container `app`), its log group /ecs/kata-app, and a security group for its tasks that allows
 * all traffic out (as a new group does) and nothing in. With `executionRole`, kata-app uses
 * ecsTaskExecutionRole and awslogs; without, it has neither (Fargate refuses awslogs without an
 * execution role), so ECS cannot pull its image from the private repository.
 */
export async function buildKataAppWorld(env: KataSetupEnv, { executionRole }: { executionRole: boolean }): Promise<KataAppGiven> {
  const world = await buildSampleTaskWorld(env, 'internet');
  await env.clients.logs.send(new CreateLogGroupCommand({ logGroupName: KATA_APP_LOGS.group }));
  const { GroupId } = await env.clients.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: world.vpcId, GroupName: 'kata-app-sg', Description: 'kata-app tasks: all traffic out, nothing in' }),
  );
  const image = `${world.repositoryUri}:latest`;
  const taskDefinitionArn = executionRole
    ? await registerSampleTaskDefinition(env.clients.ecs, env.region, { family: 'kata-app', image, logs: KATA_APP_LOGS, executionRoleArn: world.executionRoleArn })
    : await registerWithoutExecutionRole(env, image);
  return {
    vpcId: world.vpcId,
    subnetId: world.subnetId,
    internetGatewayId: world.internetGatewayId!,
    securityGroupId: GroupId!,
    cluster: world.cluster,
    repositoryUri: world.repositoryUri,
    taskDefinitionArn,
    logGroupName: KATA_APP_LOGS.group,
  };
}

/** kata-app as someone registers it who has not met the execution role yet: no role, no logging. */
async function registerWithoutExecutionRole({ clients }: KataSetupEnv, image: string): Promise<string> {
  const { taskDefinition } = await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'kata-app',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: KATA_APP_LOGS.container, image, essential: true }],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}
