import type { KataContext, S3BucketsGiven } from 'aws-basics-dojo';

// Create the customer managed policy kata-s3-put-objects with ctx.clients.iam (see README.md): the
// article's policy document, narrowed so that it allows only s3:PutObject on the objects of the
// given bucket, ctx.given.bucket (mybucket-<your account id>). Return the policy's ARN.
export default async function solve(ctx: KataContext<S3BucketsGiven>): Promise<string> {
  return '';
}
