import type { KataContext, PrivateSubnetNatGiven } from 'aws-basics-dojo';

// Let tasks in the private subnet ctx.given.privateSubnetId, which have no public IP, reach the
// internet and ECR (see README.md): an Elastic IP, a NAT gateway in the public subnet, and a route
// 0.0.0.0/0 to it in the route table the private subnet uses.
// Nothing to return: the test runs the sample task in the private subnet and reads its logs.
export default async function solve(ctx: KataContext<PrivateSubnetNatGiven>): Promise<void> {}
