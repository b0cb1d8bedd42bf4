import { DescribeTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import type { KataAppGiven, KataContext } from 'aws-basics-dojo';

// The article's タスクを起動してみる: the VPC, subnet, security group and task definition, on Fargate.
// A task in a public subnet reaches the internet gateway only with a public IP.
export default async function solve(ctx: KataContext<KataAppGiven>): Promise<string> {
  const { ecs } = ctx.clients;
  const { cluster, taskDefinitionArn, subnetId, securityGroupId } = ctx.given;
  const { tasks, failures } = await ecs.send(
    new RunTaskCommand({
      cluster,
      taskDefinition: taskDefinitionArn,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId], assignPublicIp: 'ENABLED' } },
    }),
  );
  const taskArn = tasks?.[0]?.taskArn;
  if (!taskArn) throw new Error(`RunTask started no task: ${JSON.stringify(failures)}`);

  // RunTask answers at once; the task goes PENDING → RUNNING → STOPPED on its own.
  for (;;) {
    const { tasks: [task] = [] } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
    if (task?.lastStatus === 'STOPPED') return taskArn;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
