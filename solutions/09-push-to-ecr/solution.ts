import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import type { KataContext } from 'aws-basics-dojo';

// The article's steps: a repository, then docker build and docker push …/my-repo:latest (the
// harness's pushSampleImage does the build, the login and the push).
export default async function solve(ctx: KataContext): Promise<string> {
  const { repository } = await ctx.clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'my-repo' }));
  const repositoryUri = repository!.repositoryUri!;
  await ctx.harness.pushSampleImage(repositoryUri, 'latest');
  return repositoryUri;
}
