import type { KataContext } from 'aws-basics-dojo';

// Create the ECR repository my-repo and push the article's sample image to it as latest, with
// ctx.clients.ecr and ctx.harness.pushSampleImage (see README.md). Return the repository's URI.
export default async function solve(ctx: KataContext): Promise<string> {
  return '';
}
