import type { IsolatedSubnetGiven, KataContext } from 'aws-basics-dojo';

// Let ECS and the sample reach AWS from the isolated subnet ctx.given.subnetId, which has no way to
// the internet (see README.md): VPC endpoints for ECR (api, dkr), CloudWatch Logs and S3.
// Nothing to return: the test runs the task in the subnet and reads its logs.
export default async function solve(ctx: KataContext<IsolatedSubnetGiven>): Promise<void> {}
