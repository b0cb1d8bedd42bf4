import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { CiPusherKey, EcrRepositoriesGiven, KataContext } from 'aws-basics-dojo';

// A docker push logs in (ecr:GetAuthorizationToken, which acts on no repository, so on "*"), then
// uploads the layers and the manifest to one repository: only those actions, only on my-repo.
export default async function solve(ctx: KataContext<EcrRepositoriesGiven>): Promise<CiPusherKey> {
  const { iam } = ctx.clients;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Login', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PushToMyRepo',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
        Resource: ctx.given.repositoryArn,
      },
    ],
  };
  await iam.send(new CreateUserCommand({ UserName: 'ci-pusher' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'ci-pusher', PolicyName: 'push-to-my-repo', PolicyDocument: JSON.stringify(policy) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-pusher' }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}
