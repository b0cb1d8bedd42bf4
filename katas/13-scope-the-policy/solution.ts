import type { KataContext, ScopePolicyGiven } from 'aws-basics-dojo';

// Scope the app's task role, ctx.given.taskRoleName (see README.md): today it may do every action
// on every resource. Leave it able to do exactly one thing, the one call the sample makes:
// ecr:DescribeImages on the repository my-repo (its ARN, in this region and account). Find every
// policy that gives the role its permissions before you change anything.
export default async function solve(ctx: KataContext<ScopePolicyGiven>): Promise<void> {}
