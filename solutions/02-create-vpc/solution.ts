import { CreateVpcCommand } from '@aws-sdk/client-ec2';
import type { KataContext } from 'aws-basics-dojo';

export default async function solve(ctx: KataContext): Promise<string> {
  const { Vpc } = await ctx.clients.ec2.send(
    new CreateVpcCommand({
      CidrBlock: '10.0.0.0/16',
      TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'kata-vpc' }] }],
    }),
  );
  if (!Vpc?.VpcId) throw new Error('CreateVpc answered without a VpcId');
  return Vpc.VpcId;
}
