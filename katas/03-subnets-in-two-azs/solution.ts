import type { KataContext, VpcGiven } from 'aws-basics-dojo';

// Create two /20 subnets in the VPC ctx.given.vpcId, each in a different Availability Zone
// (see README.md). Nothing to return: the test reads the VPC's subnets back.
export default async function solve(ctx: KataContext<VpcGiven>): Promise<void> {}
