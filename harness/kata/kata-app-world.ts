import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { KataAppGiven, KataAppTaskGiven } from '../kata-types';
import type { KataSetupEnv } from './define-kata';
import { ECS_TASKS_TRUST, KATA_APP_LOGS, registerSampleTaskDefinition, setUpSampleEcs, type SampleEcs } from './sample-ecs';
import { buildSampleVpc } from './sample-vpc';

/**
 * The article's world in a public subnet (the main route table sends 0.0.0.0/0 to kata-igw), plus
 * the kata-app task definition (the sample image in the container `app`), its log group
 * /ecs/kata-app, and a security group for its tasks, kata-app-sg, that allows all traffic out (as a
 * new group does) and nothing in. With `executionRole`, kata-app uses ecsTaskExecutionRole and
 * awslogs; without, it has neither (Fargate refuses awslogs without an execution role), so ECS
 * cannot pull its image from the private repository. `given` is what a kata hands the learner.
 */
export async function buildKataAppWorld(env: KataSetupEnv, { executionRole }: { executionRole: boolean }): Promise<{ given: KataAppGiven; ecs: SampleEcs }> {
  const vpc = await buildSampleVpc(env.clients.ec2, env.region, 'internet');
  const ecs = await setUpSampleEcs(env);
  await env.clients.logs.send(new CreateLogGroupCommand({ logGroupName: KATA_APP_LOGS.group }));
  const { GroupId } = await env.clients.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpc.vpcId, GroupName: 'kata-app-sg', Description: 'kata-app tasks: all traffic out, nothing in' }),
  );
  const image = `${ecs.repositoryUri}:latest`;
  const taskDefinitionArn = executionRole
    ? await registerSampleTaskDefinition(env.clients.ecs, env.region, { family: 'kata-app', image, logs: KATA_APP_LOGS, executionRoleArn: ecs.executionRoleArn })
    : await registerWithoutExecutionRole(env, image);
  const given: KataAppGiven = {
    vpcId: vpc.vpcId,
    subnetId: vpc.subnetId,
    internetGatewayId: vpc.internetGatewayId!,
    securityGroupId: GroupId!,
    cluster: ecs.cluster,
    repositoryUri: ecs.repositoryUri,
    taskDefinitionArn,
    logGroupName: KATA_APP_LOGS.group,
  };
  return { given, ecs };
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

const TASK_ROLE = 'kata-app-task-role';

/**
 * The ECS half of a kata that runs the sample as family kata-app, with no network of its own:
 * the sample image in ECR (my-repo:latest), the execution role, a task role allowed
 * ecr:DescribeImages on my-repo (so only the task's network decides whether the sample logs the
 * image details), the log group /ecs/kata-app, the cluster my-cluster and the task definition.
 * `command` replaces the image's CMD (see SAMPLE_CALLS_EACH_ON_ITS_OWN).
 */
export async function setUpKataAppTask(env: KataSetupEnv, options: { command?: string[] } = {}): Promise<KataAppTaskGiven> {
  const { clients, region } = env;
  const ecs = await setUpSampleEcs(env);
  const { Role: taskRole } = await clients.iam.send(new CreateRoleCommand({ RoleName: TASK_ROLE, AssumeRolePolicyDocument: ECS_TASKS_TRUST }));
  const describeImages = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: ecs.repositoryArn }] };
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: TASK_ROLE, PolicyName: 'describe-my-repo', PolicyDocument: JSON.stringify(describeImages) }));
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName: KATA_APP_LOGS.group }));
  const taskDefinitionArn = await registerSampleTaskDefinition(clients.ecs, region, {
    family: 'kata-app',
    image: `${ecs.repositoryUri}:latest`,
    logs: KATA_APP_LOGS,
    executionRoleArn: ecs.executionRoleArn,
    taskRoleArn: taskRole!.Arn!,
    ...(options.command ? { command: options.command } : {}),
  });
  return {
    cluster: ecs.cluster,
    taskDefinitionArn,
    repositoryUri: ecs.repositoryUri,
    executionRoleArn: ecs.executionRoleArn,
    taskRoleArn: taskRole!.Arn!,
    logGroupName: KATA_APP_LOGS.group,
  };
}
