import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateClusterCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { KataContext, TaskDefinitionGiven } from 'aws-basics-dojo';

// The article's クラスター and タスク定義: a cluster, and a Fargate task definition of the sample
// image whose output awslogs ships to a log group that exists before the task starts.
export default async function solve(ctx: KataContext<TaskDefinitionGiven>): Promise<string> {
  const { ecs, logs } = ctx.clients;
  await ecs.send(new CreateClusterCommand({ clusterName: 'kata-cluster' }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/kata-app' }));
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'kata-app',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: ctx.given.executionRoleArn,
      containerDefinitions: [
        {
          name: 'app',
          image: `${ctx.given.repositoryUri}:latest`,
          essential: true,
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/kata-app', 'awslogs-region': ctx.region, 'awslogs-stream-prefix': 'ecs' },
          },
        },
      ],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}
