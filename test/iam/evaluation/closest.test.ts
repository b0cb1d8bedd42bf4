import { evaluate } from '../../../harness/iam/evaluate';
import { ACCOUNT, MY_REPO, OTHER_REPO, input, policy, service, session, trust, LAMBDA_TRUST } from './fixtures';

const EVAL = '[Policy evaluation logic]';

describe('closest: the Allow statement that came nearest to an implicitly denied request', () => {
  test(`${EVAL} a statement scoped to my-repo is closest for other-repo, with the Resource as the reason`, () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', OTHER_REPO, [policy('ecr-read', [
      { Sid: 'Push', Effect: 'Allow', Action: 'ecr:PutImage', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      { Sid: 'ReadMyRepo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO },
    ])]));
    expect(result.decision).toBe('ImplicitDeny');
    expect(result.closest).toEqual({
      ref: expect.objectContaining({ index: 1, sid: 'ReadMyRepo', policy: { name: 'ecr-read', kind: 'customer-managed' } }),
      mismatched: ['resource'],
      reasons: [`Resource "${MY_REPO}" does not match ${OTHER_REPO}`],
    });
  });

  test(`${EVAL} a misspelt action is named, with the action it should be compared to`, () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [policy('p', { Effect: 'Allow', Action: 'ecr:DescribeImage', Resource: MY_REPO })]));
    expect(result.closest?.mismatched).toEqual(['action']);
    expect(result.closest?.reasons).toEqual(['Action ecr:DescribeImage (no such action? compare ecr:DescribeImages) does not match ecr:DescribeImages']);
  });

  test(`${EVAL} a real but different action gets no "no such action" hint`, () => {
    const result = evaluate(input(session(), 'logs:PutLogEvents', '*', [policy('p', { Effect: 'Allow', Action: ['logs:GetLogEvents', 'logs:CreateLogStream'], Resource: '*' })]));
    expect(result.closest?.reasons).toEqual(['Action logs:GetLogEvents, logs:CreateLogStream does not match logs:PutLogEvents']);
  });

  test(`${EVAL} ties go to the first statement`, () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', OTHER_REPO, [
      policy('first', { Sid: 'A', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO }),
      policy('second', { Sid: 'B', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: `${MY_REPO}-2` }),
    ]));
    expect(result.closest?.ref).toMatchObject({ policy: { name: 'first' }, sid: 'A' });
  });

  test(`${EVAL} fewer mismatched parts win over position`, () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', OTHER_REPO, [
      policy('far', { Effect: 'Allow', Action: 'ecs:RunTask', Resource: MY_REPO }),
      policy('near', { Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO }),
    ]));
    expect(result.closest?.ref.policy.name).toBe('near');
  });

  test(`${EVAL} Deny statements are never closest`, () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', OTHER_REPO, [policy('p', [
      { Effect: 'Deny', Action: 'ecr:DescribeImages', Resource: MY_REPO },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    ])]));
    expect(result.closest?.ref.index).toBe(1);
    expect(result.closest?.mismatched).toEqual(['action']);
  });

  test('[IAM JSON policy elements: Condition operators] a failed condition is a reason of its own', () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [policy('p', { Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: {
      StringEquals: { 'aws:RequestedRegion': 'us-east-1' },
      IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
    } })], { context: { 'aws:RequestedRegion': 'ap-northeast-1' } }));
    expect(result.closest?.mismatched).toEqual(['condition']);
    expect(result.closest?.reasons).toEqual([
      'Condition StringEquals aws:RequestedRegion "us-east-1" does not match ap-northeast-1',
      'Condition IpAddress aws:SourceIp "203.0.113.0/24" does not hold: the request has no aws:SourceIp',
    ]);
  });

  test('[Permissions boundaries for IAM entities] when the boundary decides, the closest statement is the boundary\'s', () => {
    const result = evaluate(input(session(), 'ecr:DeleteRepository', MY_REPO, [policy('ecr-all', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' })], {
      permissionsBoundary: { ...policy('read-only', { Sid: 'ReadOnly', Effect: 'Allow', Action: 'ecr:Describe*', Resource: '*' }), kind: 'permissions-boundary' },
    }));
    expect(result.closest).toMatchObject({ ref: { sid: 'ReadOnly', policy: { kind: 'permissions-boundary' } }, mismatched: ['action'] });
  });

  test('[AWS JSON policy elements: Principal] when the trust policy decides, the closest statement is the trust policy\'s', () => {
    const result = evaluate(input(service('ecs-tasks.amazonaws.com'), 'sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/kata-lambda-role`, [], {
      resourcePolicy: trust('kata-lambda-role', LAMBDA_TRUST),
    }));
    expect(result.closest).toEqual({
      ref: expect.objectContaining({ index: 0, policy: expect.objectContaining({ kind: 'trust' }) }),
      mismatched: ['principal'],
      reasons: ['Principal Service lambda.amazonaws.com does not match ecs-tasks.amazonaws.com'],
    });
  });

  test(`${EVAL} no closest when there is no Allow statement at all`, () => {
    expect(evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [])).closest).toBeUndefined();
  });

  test(`${EVAL} no closest for an explicit deny`, () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [policy('p', [
      { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ecr:*', Resource: '*' },
    ])]));
    expect(result).toEqual({ decision: 'ExplicitDeny', decidedBy: 'identity', decidingStatements: [expect.objectContaining({ index: 1 })] });
  });

  test(`${EVAL} NotAction and NotResource reasons say what excluded the request`, () => {
    const notAction = evaluate(input(session(), 'iam:CreateUser', '*', [policy('p', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })]));
    expect(notAction.closest?.reasons).toEqual(['NotAction iam:* excludes iam:CreateUser']);
    const notResource = evaluate(input(session(), 'ecr:DescribeImages', OTHER_REPO, [policy('p', { Effect: 'Allow', Action: 'ecr:*', NotResource: OTHER_REPO })]));
    expect(notResource.closest?.reasons).toEqual([`NotResource "${OTHER_REPO}" excludes ${OTHER_REPO}`]);
  });

  test('[IAM JSON policy elements reference] a statement missing Resource says so', () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [policy('p', { Effect: 'Allow', Action: 'ecr:DescribeImages' })]));
    expect(result.closest).toMatchObject({ mismatched: ['resource'], reasons: ['The statement has no Resource or NotResource element'] });
  });
});
