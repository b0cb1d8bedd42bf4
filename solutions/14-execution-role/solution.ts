import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import type { KataAppGiven, KataContext } from 'aws-basics-dojo';

// ECS itself pulls the image from the private repository and sends the logs before the container
// runs: it does both as the task definition's execution role, which it assumes as ecs-tasks.amazonaws.com.
export default async function solve(ctx: KataContext<KataAppGiven>): Promise<string> {
  const { iam, ecs } = ctx.clients;
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'kata-execution-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: 'kata-execution-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }),
  );

  // A revision is immutable: register the next one, whole, with the execution role.
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'kata-app',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: Role!.Arn!,
      containerDefinitions: [
        {
          name: 'app',
          image: `${ctx.given.repositoryUri}:latest`,
          essential: true,
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': ctx.given.logGroupName, 'awslogs-region': ctx.region, 'awslogs-stream-prefix': 'ecs' },
          },
        },
      ],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}
