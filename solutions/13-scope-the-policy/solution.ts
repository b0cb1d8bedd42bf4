import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import {
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { KataContext, ScopePolicyGiven } from 'aws-basics-dojo';

// A role may do whatever any of its policies allows: the managed policies attached to it and its
// inline policies together. Take every one away, then allow the one call the app makes.
export default async function solve(ctx: KataContext<ScopePolicyGiven>): Promise<void> {
  const { iam, ecr } = ctx.clients;
  const RoleName = ctx.given.taskRoleName;

  // The repository's ARN as ECR states it: arn:aws:ecr:<region>:<account>:repository/my-repo.
  const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [ctx.given.repositoryName] }));
  const repositoryArn = repositories![0].repositoryArn!;

  const { AttachedPolicies = [] } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
  for (const { PolicyArn } of AttachedPolicies) await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
  const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName }));
  for (const PolicyName of PolicyNames) await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));

  const policy = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'DescribeMyRepoImages', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: repositoryArn }],
  };
  await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'describe-my-repo-images', PolicyDocument: JSON.stringify(policy) }));
}
