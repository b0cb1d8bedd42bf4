import type { KataContext, TrustPolicyGiven, TrustPolicyRoles } from 'aws-basics-dojo';

// Create two IAM roles with ctx.clients.iam (see README.md): kata-lambda-role, which only Lambda
// (lambda.amazonaws.com) may assume, and kata-ecs-task-role, which only ECS tasks
// (ecs-tasks.amazonaws.com) may assume. Who may assume a role is written in its trust policy
// (AssumeRolePolicyDocument). Return both roles' ARNs.
export default async function solve(ctx: KataContext<TrustPolicyGiven>): Promise<TrustPolicyRoles> {
  return { lambdaRoleArn: '', ecsTaskRoleArn: '' };
}
