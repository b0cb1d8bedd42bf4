import { CreatePolicyCommand } from '@aws-sdk/client-iam';
import type { KataContext, S3BucketsGiven } from 'aws-basics-dojo';

// The article's policy, with its Action and Resource narrowed to what it names as examples:
// s3:PutObject (updating objects) on arn:aws:s3:::mybucket/* (every object of the bucket), here the
// given bucket, whose name carries the account id (bucket names are global across accounts).
export default async function solve(ctx: KataContext<S3BucketsGiven>): Promise<string> {
  const document = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${ctx.given.bucketArn}/*` }],
  };
  const { Policy } = await ctx.clients.iam.send(new CreatePolicyCommand({ PolicyName: 'kata-s3-put-objects', PolicyDocument: JSON.stringify(document) }));
  return Policy!.Arn!;
}
