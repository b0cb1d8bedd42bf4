import { AuthorizeSecurityGroupEgressCommand, CreateSecurityGroupCommand, RevokeSecurityGroupEgressCommand } from '@aws-sdk/client-ec2';
import type { KataContext, PublicSampleTaskGiven } from 'aws-basics-dojo';

// A new group allows nothing in and everything out: keep the first, replace the second with HTTPS only.
export default async function solve(ctx: KataContext<PublicSampleTaskGiven>): Promise<string> {
  const { ec2 } = ctx.clients;
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ VpcId: ctx.given.vpcId, GroupName: 'kata-task-sg', Description: 'HTTPS out only' }),
  );
  const groupId = GroupId!;
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({
    GroupId: groupId,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }] }],
  }));
  // The rule every new group starts with: all traffic to 0.0.0.0/0.
  await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  return groupId;
}
