import { evaluate } from '../../../harness/iam/evaluate';
import type { PolicyStatement } from '../../../harness/iam/policy-types';
import { ACCOUNT, MY_REPO, OTHER_REPO, input, policy, session } from './fixtures';

type Row = [title: string, statement: PolicyStatement, action: string, resource: string, allowed: boolean];

const allowed = (statement: PolicyStatement, action: string, resource: string) =>
  evaluate(input(session(), action, resource, [policy('p', statement)])).decision === 'Allow';

describe('Action and NotAction', () => {
  const rows: Row[] = [
    ['[IAM JSON policy elements: Action] an exact action matches', { Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: '*' }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Action] service prefix and action name compare case-insensitively', { Effect: 'Allow', Action: 'ECR:describeimages', Resource: '*' }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Action] a list matches if any entry matches', { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:DescribeImages'], Resource: '*' }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Action] "*" matches every action', { Effect: 'Allow', Action: '*', Resource: '*' }, 'ecs:RunTask', '*', true],
    ['[IAM JSON policy elements: Action] "ecr:*" matches every ECR action', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' }, 'ecr:PutImage', MY_REPO, true],
    ['[IAM JSON policy elements: Action] "ecr:*" does not match another service', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' }, 'ecs:RunTask', '*', false],
    ['[IAM JSON policy elements: Action] "ecr:Describe*" matches DescribeImages', { Effect: 'Allow', Action: 'ecr:Describe*', Resource: '*' }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Action] "ecr:Describe*" does not match BatchGetImage', { Effect: 'Allow', Action: 'ecr:Describe*', Resource: '*' }, 'ecr:BatchGetImage', MY_REPO, false],
    ['[IAM JSON policy elements: Action] "?" matches exactly one character', { Effect: 'Allow', Action: 'ecr:DescribeImage?', Resource: '*' }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Action] "?" does not match zero characters', { Effect: 'Allow', Action: 'ecr:DescribeImages?', Resource: '*' }, 'ecr:DescribeImages', MY_REPO, false],
    ['[IAM JSON policy elements: Action] a near-miss action name does not match', { Effect: 'Allow', Action: 'ecr:DescribeImage', Resource: '*' }, 'ecr:DescribeImages', MY_REPO, false],
    ['[IAM JSON policy elements: NotAction] Allow with NotAction "iam:*" allows every other service', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 's3:ListAllMyBuckets', '*', true],
    ['[IAM JSON policy elements: NotAction] Allow with NotAction "iam:*" does not allow IAM', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`, false],
    ['[IAM JSON policy elements: NotAction] NotAction compares case-insensitively too', { Effect: 'Allow', NotAction: 'IAM:*', Resource: '*' }, 'iam:CreateUser', '*', false],
    ['[IAM JSON policy elements reference] a statement with neither Action nor NotAction matches nothing', { Effect: 'Allow', Resource: '*' } as PolicyStatement, 'ecr:DescribeImages', MY_REPO, false],
  ];
  test.each(rows)('%s', (_title, statement, action, resource, expected) => {
    expect(allowed(statement, action, resource)).toBe(expected);
  });
});

describe('Resource and NotResource', () => {
  const rows: Row[] = [
    ['[IAM JSON policy elements: Resource] the exact ARN matches', { Effect: 'Allow', Action: 'ecr:*', Resource: MY_REPO }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Resource] another repository does not match', { Effect: 'Allow', Action: 'ecr:*', Resource: MY_REPO }, 'ecr:DescribeImages', OTHER_REPO, false],
    ['[IAM JSON policy elements: Resource] ARNs compare case-sensitively', { Effect: 'Allow', Action: 'ecr:*', Resource: MY_REPO.replace('my-repo', 'My-Repo') }, 'ecr:DescribeImages', MY_REPO, false],
    ['[IAM JSON policy elements: Resource] "*" matches every resource', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' }, 'ecr:DescribeImages', OTHER_REPO, true],
    ['[IAM JSON policy elements: Resource] "*" matches the "*" of an action without resources', { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }, 'ecr:GetAuthorizationToken', '*', true],
    ['[IAM JSON policy elements: Resource] a repository ARN does not match an action without resources', { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: MY_REPO }, 'ecr:GetAuthorizationToken', '*', false],
    ['[IAM JSON policy elements: Resource] a wildcard in the resource part matches', { Effect: 'Allow', Action: 'ecr:*', Resource: `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/my-*` }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Resource] a wildcard region matches any region', { Effect: 'Allow', Action: 'ecr:*', Resource: `arn:aws:ecr:*:${ACCOUNT}:repository/my-repo` }, 'ecr:DescribeImages', MY_REPO.replace('ap-northeast-1', 'us-east-1'), true],
    ['[IAM JSON policy elements: Resource] "?" stands for one character', { Effect: 'Allow', Action: 'ecr:*', Resource: `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/my-rep?` }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: Resource] a list matches if any ARN matches', { Effect: 'Allow', Action: 'ecr:*', Resource: [OTHER_REPO, MY_REPO] }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: NotResource] Allow with NotResource allows a resource that is not listed', { Effect: 'Allow', Action: 'ecr:*', NotResource: OTHER_REPO }, 'ecr:DescribeImages', MY_REPO, true],
    ['[IAM JSON policy elements: NotResource] Allow with NotResource does not allow the listed resource', { Effect: 'Allow', Action: 'ecr:*', NotResource: [OTHER_REPO] }, 'ecr:DescribeImages', OTHER_REPO, false],
    ['[IAM JSON policy elements reference] an identity policy statement needs Resource or NotResource', { Effect: 'Allow', Action: 'ecr:*' }, 'ecr:DescribeImages', MY_REPO, false],
  ];
  test.each(rows)('%s', (_title, statement, action, resource, expected) => {
    expect(allowed(statement, action, resource)).toBe(expected);
  });

  test('[IAM JSON policy elements: NotResource] a Deny with NotResource denies everything outside the listed bucket', () => {
    const payroll = policy('hr', [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] },
    ]);
    expect(evaluate(input(session(), 's3:GetObject', 'arn:aws:s3:::HRBucket/Payroll/2026.csv', [payroll])).decision).toBe('Allow');
    expect(evaluate(input(session(), 's3:GetObject', 'arn:aws:s3:::HRBucket/Other/x', [payroll])).decision).toBe('ExplicitDeny');
  });
});
