import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import type { KataAppGiven } from '../kata-types';
import type { KataSetupEnv } from './define-kata';
import { buildSampleTaskWorld, KATA_APP_LOGS, registerSampleTaskDefinition } from './sample-task-world';

/**
 * The article's world in a public subnet, plus the kata-app task definition (the sample image,
 * awslogs to /ecs/kata-app) with or without the execution role, its log group, and a security group
 * for its tasks that allows all traffic out (as a new group does) and nothing in.
 */
export async function buildKataAppWorld(env: KataSetupEnv, { executionRole }: { executionRole: boolean }): Promise<KataAppGiven> {
  const world = await buildSampleTaskWorld(env, 'internet');
  await env.clients.logs.send(new CreateLogGroupCommand({ logGroupName: KATA_APP_LOGS.group }));
  const { GroupId } = await env.clients.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: world.vpcId, GroupName: 'kata-app-sg', Description: 'kata-app tasks: all traffic out, nothing in' }),
  );
  const taskDefinitionArn = await registerSampleTaskDefinition(env.clients.ecs, env.region, {
    family: 'kata-app',
    image: `${world.repositoryUri}:latest`,
    logs: KATA_APP_LOGS,
    ...(executionRole && { executionRoleArn: world.executionRoleArn }),
  });
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
