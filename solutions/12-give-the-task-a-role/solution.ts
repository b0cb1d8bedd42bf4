import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import type { KataContext, TaskRoleGiven } from 'aws-basics-dojo';

// The article's exercise: a role the task receives (trusted by ecs-tasks.amazonaws.com), allowed
// what the sample calls (ecr:DescribeImages) on the one repository it reads (my-repo); a kata-app
// revision that names it as the task role; a task of that revision.
export default async function solve(ctx: KataContext<TaskRoleGiven>): Promise<string> {
  const { ecr, ecs, iam } = ctx.clients;
  const { given } = ctx;

  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'kata-app-task-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));

  const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['my-repo'] }));
  const permissions = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: repositories![0].repositoryArn! }] };
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'describe-my-repo-images', PolicyDocument: JSON.stringify(permissions) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'kata-app-task-role', PolicyArn: Policy!.Arn! }));

  // A new revision of kata-app: everything as in revision 1, plus the task role.
  const { taskDefinition: current } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: given.taskDefinitionArn }));
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: current!.family!,
      requiresCompatibilities: current!.requiresCompatibilities,
      networkMode: current!.networkMode,
      cpu: current!.cpu,
      memory: current!.memory,
      executionRoleArn: current!.executionRoleArn,
      containerDefinitions: current!.containerDefinitions,
      taskRoleArn: Role!.Arn!,
    }),
  );

  const { tasks } = await ecs.send(
    new RunTaskCommand({
      cluster: given.cluster,
      taskDefinition: taskDefinition!.taskDefinitionArn!,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [given.subnetId], securityGroups: [given.securityGroupId], assignPublicIp: 'ENABLED' } },
    }),
  );
  return tasks![0].taskArn!;
}
