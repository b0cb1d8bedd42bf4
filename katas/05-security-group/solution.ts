import type { KataContext, PublicSampleTaskGiven } from 'aws-basics-dojo';

// Create the security group kata-task-sg in VPC ctx.given.vpcId (see README.md): no inbound rule,
// one outbound rule (TCP 443 to anywhere) and nothing else out. Return its id (sg-…).
export default async function solve(ctx: KataContext<PublicSampleTaskGiven>): Promise<string> {
  return '';
}
