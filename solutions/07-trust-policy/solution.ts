import { CreateRoleCommand } from '@aws-sdk/client-iam';
import type { KataContext, TrustPolicyGiven, TrustPolicyRoles } from 'aws-basics-dojo';

// The article's ユーザ・ロール example: a role's trust policy (AssumeRolePolicyDocument) names who
// may assume it. Each role trusts exactly one service principal, with the action sts:AssumeRole.
const trustedBy = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

export default async function solve(ctx: KataContext<TrustPolicyGiven>): Promise<TrustPolicyRoles> {
  const { iam } = ctx.clients;
  const lambda = await iam.send(new CreateRoleCommand({ RoleName: 'kata-lambda-role', AssumeRolePolicyDocument: trustedBy('lambda.amazonaws.com') }));
  const ecsTask = await iam.send(new CreateRoleCommand({ RoleName: 'kata-ecs-task-role', AssumeRolePolicyDocument: trustedBy('ecs-tasks.amazonaws.com') }));
  return { lambdaRoleArn: lambda.Role!.Arn!, ecsTaskRoleArn: ecsTask.Role!.Arn! };
}
