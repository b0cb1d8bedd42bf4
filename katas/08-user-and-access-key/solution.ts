import type { CiPusherKey, EcrRepositoriesGiven, KataContext } from 'aws-basics-dojo';

// Create the IAM user ci-pusher with ctx.clients.iam (see README.md), give it a policy that lets it
// push images to my-repo (ctx.given.repositoryArn) and do nothing else, create an access key for
// it, and return that key: { accessKeyId, secretAccessKey }.
export default async function solve(ctx: KataContext<EcrRepositoriesGiven>): Promise<CiPusherKey> {
  return { accessKeyId: '', secretAccessKey: '' };
}
