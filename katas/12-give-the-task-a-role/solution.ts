import { RunTaskCommand } from '@aws-sdk/client-ecs';
import type { KataContext, TaskRoleGiven } from 'aws-basics-dojo';

// Where the article's exercise (演習) starts: kata-app runs, fetches its todo, and its call to ECR
// DescribeImages fails. Give the task a role that may call ecr:DescribeImages on my-repo (see
// README.md): create the role, register a kata-app revision with it as the task role, and run
// that revision instead. Return the ARN of the task you ran.
export default async function solve(ctx: KataContext<TaskRoleGiven>): Promise<string> {
  const { given } = ctx;
  const { tasks } = await ctx.clients.ecs.send(
    new RunTaskCommand({
      cluster: given.cluster,
      taskDefinition: given.taskDefinitionArn,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [given.subnetId], securityGroups: [given.securityGroupId], assignPublicIp: 'ENABLED' } },
    }),
  );
  return tasks![0].taskArn!;
}
