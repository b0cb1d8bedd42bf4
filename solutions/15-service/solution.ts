import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import type { KataContext, ServiceGiven } from 'aws-basics-dojo';

// A service keeps desiredCount copies of the task definition running: when one stops, ECS starts
// another. awsvpc tasks need the network: the subnet, the group, and a public IP to reach ECR,
// CloudWatch Logs and jsonplaceholder through the internet gateway.
export default async function solve(ctx: KataContext<ServiceGiven>): Promise<string> {
  const { cluster, taskDefinitionArn, subnetId, securityGroupId } = ctx.given;
  const { service } = await ctx.clients.ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: 'kata-svc',
      taskDefinition: taskDefinitionArn,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId], assignPublicIp: 'ENABLED' } },
    }),
  );
  return service!.serviceArn!;
}
