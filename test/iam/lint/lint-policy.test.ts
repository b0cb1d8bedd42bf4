import { lintPolicy, type LintRule } from '../../../harness/iam/lint-policy';
import type { PolicyDocument, PolicyStatement } from '../../../harness/iam/policy-types';
import { EXECUTION_ROLE_STATEMENT } from './execution-role-policy';

const ACCOUNT = '123456789012';
const scope = { accountId: ACCOUNT, region: 'ap-northeast-1' };
const REPO = `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/my-repo`;
const doc = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const JAPANESE = /[\u3040-\u30ff]/;

describe('lintPolicy flags what makes a statement grant nothing', () => {
  const cases: Array<[string, PolicyStatement, LintRule, string]> = [
    [
      'a misspelt action, with the closest real one',
      { Effect: 'Allow', Action: 'ecr:DescribeImage', Resource: REPO },
      'unknown-action',
      'ecr:DescribeImage is not an action of Amazon Elastic Container Registry; did you mean ecr:DescribeImages?',
    ],
    [
      'a service principal used as an action prefix',
      { Effect: 'Allow', Action: 'ecs-tasks:RunTask', Resource: '*' },
      'unknown-service',
      'ecs-tasks is not the service prefix of any AWS service, so ecs-tasks:RunTask matches no action; did you mean ecs:RunTask?',
    ],
    [
      'a wildcard action that matches nothing',
      { Effect: 'Deny', Action: 'ecr:Describe*Foo', Resource: '*' },
      'pattern-matches-nothing',
      'ecr:Describe*Foo matches no action of Amazon Elastic Container Registry, so this entry denies nothing.',
    ],
    [
      'a misspelt NotAction',
      { Effect: 'Deny', NotAction: 'iam:ChangePasword', Resource: '*' },
      'unknown-action',
      'did you mean iam:ChangePassword?',
    ],
    [
      'a repository in another region',
      { Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/my-repo` },
      'wrong-region',
      `is in region us-east-1, but this policy is used in ap-northeast-1: no request in ap-northeast-1 matches it. Use ${REPO}.`,
    ],
    [
      'a repository in another account',
      { Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: 'arn:aws:ecr:ap-northeast-1:111122223333:repository/my-repo' },
      'wrong-account',
      `names account 111122223333, but your account is ${ACCOUNT}: it never matches your own resources. Use ${REPO}.`,
    ],
    [
      'an ECR action on an S3 object ARN',
      { Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: 'arn:aws:s3:::mybucket/*' },
      'wrong-resource-type',
      'ecr:DescribeImages acts on repository (arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}); arn:aws:s3:::mybucket/* is not one',
    ],
    [
      'an ECR repository action on a registry ARN',
      { Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:registry/${ACCOUNT}` },
      'wrong-resource-type',
      'so this statement never grants ecr:DescribeImages.',
    ],
    [
      'a log group ARN without ":*" for writing log streams',
      { Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:/ecs/sample` },
      'wrong-resource-type',
      `Did you mean arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:/ecs/sample:*?`,
    ],
    [
      'an action without resource-level permissions on a repository ARN',
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: REPO },
      'resource-must-be-star',
      'ecr:GetAuthorizationToken does not support resource-level permissions: only Resource "*" matches it.',
    ],
    [
      'an object action on the bucket',
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::mybucket' },
      's3-object-or-bucket',
      's3:PutObject acts on objects (arn:aws:s3:::mybucket/*), not on the bucket itself: arn:aws:s3:::mybucket never matches it',
    ],
    [
      'a bucket action on the objects',
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::mybucket/*' },
      's3-object-or-bucket',
      's3:ListBucket acts on the bucket itself (arn:aws:s3:::mybucket), not on its objects: arn:aws:s3:::mybucket/* never matches it',
    ],
    [
      'a wildcard of object actions on the bucket only',
      { Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::mybucket' },
      'wrong-resource-type',
      'None of the actions s3:*Object matches',
    ],
  ];

  test.each(cases)('%s', async (_name, statement, rule, english) => {
    const findings = await lintPolicy(doc(statement), scope);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ statementIndex: 0, severity: 'warning', rule });
    expect(finding!.message.en).toContain(english);
    expect(finding!.message.ja).toMatch(JAPANESE);
    expect(finding!.message.ja).toMatch(/(ます|ません|です|ください)。$|ませんか？$/);
  });

  test('each action a statement never grants gets its own finding', async () => {
    const registry = `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:registry/${ACCOUNT}`;
    const findings = await lintPolicy(doc({ Effect: 'Allow', Action: ['ecr:DescribeImages', 'ecr:BatchGetImage'], Resource: registry }), scope);
    expect(findings.map((finding) => [finding.rule, finding.message.en.split(' ')[0]])).toEqual([
      ['wrong-resource-type', 'ecr:DescribeImages'],
      ['wrong-resource-type', 'ecr:BatchGetImage'],
    ]);
  });

  test('a finding points at its statement and Sid', async () => {
    const findings = await lintPolicy(
      doc({ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: REPO }, { Sid: 'Push', Effect: 'Allow', Action: 'ecr:PutImages', Resource: REPO }),
      scope,
    );
    expect(findings).toEqual([expect.objectContaining({ statementIndex: 1, sid: 'Push', rule: 'unknown-action' })]);
    expect(findings[0]!.message.en).toContain('did you mean ecr:PutImage?');
    expect(findings[0]!.message.ja).toBe(
      'ecr:PutImages は Amazon Elastic Container Registry のアクションではありません。ecr:PutImage の誤りではありませんか？',
    );
  });
});

describe('lintPolicy says nothing about valid policies', () => {
  const cases: Array<[string, PolicyStatement[]]> = [
    ["the article's policy", [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]],
    ['DescribeImages on a repository in the scope', [{ Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: REPO }]],
    ['ecr:* on everything', [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }]],
    ['writing log streams of a log group', [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:/ecs/sample:*` }]],
    ['AmazonECSTaskExecutionRolePolicy', [EXECUTION_ROLE_STATEMENT]],
    ['action names in any case', [{ Effect: 'Allow', Action: 'ECR:describeimages', Resource: REPO }]],
    [
      'bucket and object actions on the bucket and its objects',
      [{ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::mybucket', 'arn:aws:s3:::mybucket/*'] }],
    ],
    ['s3:* on one bucket', [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::mybucket' }]],
    ['a policy variable in the object key', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }]],
    ['wildcards for region and account', [{ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: 'arn:aws:ecr:*:*:repository/*' }]],
    ['passing and assuming roles', [{ Effect: 'Allow', Action: ['iam:PassRole', 'sts:AssumeRole'], Resource: `arn:aws:iam::${ACCOUNT}:role/ecs/task-role` }]],
    ['an ECS task definition family', [{ Effect: 'Allow', Action: 'ecs:RunTask', Resource: `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:task-definition/sample:*` }]],
    ['a NotAction with NotResource', [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: REPO }]],
    ['everything', [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::mybucket' }]],
    [
      'a trust policy',
      [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }],
    ],
    ['an IAM ARN (a global service) and an AWS managed policy ARN', [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: [`arn:aws:iam::${ACCOUNT}:role/x`, 'arn:aws:iam::aws:policy/ReadOnlyAccess'] }]],
  ];
  test.each(cases)('%s', async (_name, statements) => {
    expect(await lintPolicy(doc(...statements), scope)).toEqual([]);
  });

  test('a single statement object (not a list) is linted as statement 0', async () => {
    const findings = await lintPolicy({ Statement: { Effect: 'Allow', Action: 'ecr:DescribeImage', Resource: REPO } }, scope);
    expect(findings.map((finding) => finding.statementIndex)).toEqual([0]);
  });
});
