import type { KataContext, SampleTaskGiven } from 'aws-basics-dojo';

// Make the subnet ctx.given.subnetId reach the internet (see README.md): an internet gateway
// attached to the VPC, and a route 0.0.0.0/0 to it in the route table the subnet uses.
// Nothing to return: the test runs the sample task in the subnet and reads its logs.
export default async function solve(ctx: KataContext<SampleTaskGiven>): Promise<void> {}
