import { evaluate } from '../../../harness/iam/evaluate';
import type { DecidedBy, Decision, EvaluationInput } from '../../../harness/iam/policy-types';
import {
  ACCOUNT, MY_REPO, MY_REPO_US_EAST_1, OTHER_ACCOUNT, OTHER_REPO, input, policy, root, session, user,
} from './fixtures';

const ecrAll = policy('ecr-all', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' });
const readMyRepo = policy('ecr-read', { Sid: 'ReadMyRepo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO });
const denyMyRepo = policy('no-my-repo', { Sid: 'NoMyRepo', Effect: 'Deny', Action: 'ecr:DescribeImages', Resource: MY_REPO });
const bucket = 'arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs';
const carlos = user('carlossalazar');

type Row = [title: string, given: EvaluationInput, decision: Decision, decidedBy: DecidedBy];

describe('evaluate: the decision and the policy type that made it', () => {
  const rows: Row[] = [
    ['[Policy evaluation logic] an identity policy that allows ecr:* allows DescribeImages', input(session(), 'ecr:DescribeImages', MY_REPO, [ecrAll]), 'Allow', 'identity'],
    ['[Policy evaluation logic] explicit deny in an identity policy overrides an ecr:* allow', input(session(), 'ecr:DescribeImages', MY_REPO, [ecrAll, denyMyRepo]), 'ExplicitDeny', 'identity'],
    ['[Policy evaluation logic] the same Deny does not touch another repository', input(session(), 'ecr:DescribeImages', OTHER_REPO, [ecrAll, denyMyRepo]), 'Allow', 'identity'],
    ['[Policy evaluation logic] a Deny in the same statement list as the Allow still wins', input(session(), 'ecr:DescribeImages', MY_REPO, [policy('both', [
      { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ecr:Describe*', Resource: MY_REPO },
    ])]), 'ExplicitDeny', 'identity'],
    ['[Policy evaluation logic] with no policy at all the request is implicitly denied', input(session(), 'ecr:DescribeImages', MY_REPO, []), 'ImplicitDeny', 'identity'],
    ['[Policy evaluation logic] a policy scoped to my-repo allows my-repo', input(session(), 'ecr:DescribeImages', MY_REPO, [readMyRepo]), 'Allow', 'identity'],
    ['[Policy evaluation logic] a policy scoped to my-repo does not allow other-repo', input(session(), 'ecr:DescribeImages', OTHER_REPO, [readMyRepo]), 'ImplicitDeny', 'identity'],
    ['[IAM JSON policy elements: Resource] a policy scoped to my-repo in ap-northeast-1 does not allow my-repo in us-east-1', input(session(), 'ecr:DescribeImages', MY_REPO_US_EAST_1, [readMyRepo]), 'ImplicitDeny', 'identity'],
    ['[Policy evaluation logic] a policy for another action does not allow this one', input(session(), 'ecr:DeleteRepository', MY_REPO, [readMyRepo]), 'ImplicitDeny', 'identity'],
    ['[Policy evaluation logic] group policies are more identity policies: the group allows what the user lacks', input(user(), 'ecr:DescribeImages', MY_REPO, [
      policy('user-own', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }, 'inline'),
      { ...readMyRepo, kind: 'inline', attachedTo: 'group pushers' },
    ]), 'Allow', 'identity'],
    ['[Policy evaluation logic] a Deny in a group policy denies the user', input(user(), 'ecr:DescribeImages', MY_REPO, [ecrAll, { ...denyMyRepo, attachedTo: 'group interns', kind: 'inline' }]), 'ExplicitDeny', 'identity'],
    ['[How AWS enforcement code logic evaluates requests to allow or deny access] the account root has full access', input(root(), 'ecr:DeleteRepository', MY_REPO, []), 'Allow', 'identity'],
    ['[How AWS enforcement code logic evaluates requests to allow or deny access] a resource-based Deny applies to the account root too', input(root(), 's3:GetObject', `${bucket}/a`, [], {
      resourcePolicy: policy('bucket', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${bucket}/*` }, 'inline'),
    }), 'ExplicitDeny', 'resource'],
  ];
  test.each(rows)('%s', (_title, given, decision, decidedBy) => {
    const result = evaluate(given);
    expect(result.decision).toBe(decision);
    expect(result.decidedBy).toBe(decidedBy);
  });

  test('[Policy evaluation logic] decidingStatements name every Deny that applies (policy, index, Sid)', () => {
    const result = evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [ecrAll, denyMyRepo]));
    expect(result.decidingStatements).toEqual([
      { policy: { name: 'no-my-repo', kind: 'customer-managed' }, index: 0, sid: 'NoMyRepo', statement: denyMyRepo.document.Statement },
    ]);
  });

  test('[Policy evaluation logic] for an Allow, decidingStatements are the Allow statements that apply', () => {
    const both = policy('two', [
      { Sid: 'Repo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO },
      { Effect: 'Allow', Action: 'ecr:Describe*', Resource: '*' },
      { Effect: 'Allow', Action: 'ecr:PutImage', Resource: '*' },
    ]);
    const result = evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [both]));
    expect(result.decidingStatements.map((ref) => [ref.index, ref.sid])).toEqual([[0, 'Repo'], [1, undefined]]);
    expect(result.closest).toBeUndefined();
  });

  test('[IAM JSON policy elements: Statement] a lone Statement object is statement 0', () => {
    const single = { name: 'single', kind: 'inline' as const, document: { Version: '2012-10-17', Statement: { Sid: 'One', Effect: 'Allow' as const, Action: 'ecr:*', Resource: '*' } } };
    const result = evaluate(input(session(), 'ecr:DescribeImages', MY_REPO, [single]));
    expect(result.decidingStatements[0]).toMatchObject({ index: 0, sid: 'One' });
  });
});

describe('evaluate: resource-based policies within one account', () => {
  const bucketAllows = (principal: unknown, extra: object = {}) =>
    policy('bucket-policy', { Sid: 'BucketGrant', Effect: 'Allow', Principal: principal as never, Action: 's3:PutObject', Resource: `${bucket}/*`, ...extra }, 'inline');
  const rows: Row[] = [
    ['[Policy evaluation for requests within a single account] a bucket policy naming the user ARN allows by itself', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ AWS: carlos.arn }),
    }), 'Allow', 'resource'],
    ['[Policy evaluation for requests within a single account] either the identity or the resource policy may allow', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [policy('s3', { Effect: 'Allow', Action: 's3:PutObject', Resource: `${bucket}/*` })], {
      resourcePolicy: bucketAllows({ AWS: `arn:aws:iam::${ACCOUNT}:user/someone-else` }),
    }), 'Allow', 'identity'],
    ['[Policy evaluation for requests within a single account] an explicit deny in the identity policy overrides the bucket policy\'s allow', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [policy('deny-logs', { Sid: 'DenyS3Logs', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::*log*' })], {
      resourcePolicy: bucketAllows({ AWS: carlos.arn }),
    }), 'ExplicitDeny', 'identity'],
    ['[Policy evaluation for requests within a single account] a Deny in the resource policy overrides an identity Allow', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [policy('s3', { Effect: 'Allow', Action: 's3:*', Resource: '*' })], {
      resourcePolicy: policy('bucket-policy', { Effect: 'Deny', Principal: { AWS: carlos.arn }, Action: 's3:PutObject', Resource: `${bucket}/*` }, 'inline'),
    }), 'ExplicitDeny', 'resource'],
    ['[AWS JSON policy elements: Principal] a resource policy naming the role grants its sessions by itself', input(session('writer'), 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ AWS: `arn:aws:iam::${ACCOUNT}:role/writer` }),
    }), 'Allow', 'resource'],
    ['[AWS JSON policy elements: Principal] a resource policy naming the role session ARN grants it by itself', input(session('writer', 's7'), 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/writer/s7` }),
    }), 'Allow', 'resource'],
    ['[AWS JSON policy elements: Principal] a session ARN of another session does not match', input(session('writer', 's8'), 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/writer/s7` }),
    }), 'ImplicitDeny', 'identity'],
    ['[AWS JSON policy elements: Principal] naming the account root delegates: without an identity Allow it is denied', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    }), 'ImplicitDeny', 'identity'],
    ['[AWS JSON policy elements: Principal] naming the account by its id delegates the same way', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ AWS: ACCOUNT }),
    }), 'ImplicitDeny', 'identity'],
    ['[AWS JSON policy elements: Principal] "Principal": "*" grants any principal of the account', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows('*'),
    }), 'Allow', 'resource'],
    ['[AWS JSON policy elements: Principal] a statement for another user grants nothing', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ AWS: [`arn:aws:iam::${ACCOUNT}:user/bob`, `arn:aws:iam::${OTHER_ACCOUNT}:root`] }),
    }), 'ImplicitDeny', 'identity'],
    ['[AWS JSON policy elements: Principal] a service principal never matches an IAM user', input(carlos, 's3:PutObject', `${bucket}/log.txt`, [], {
      resourcePolicy: bucketAllows({ Service: 'logging.s3.amazonaws.com' }),
    }), 'ImplicitDeny', 'identity'],
    ['[Cross-account policy evaluation logic] from another account the identity policy alone is not enough', input(user('bob', OTHER_ACCOUNT), 'ecr:DescribeImages', MY_REPO, [policy('ecr', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' })]), 'ImplicitDeny', 'resource'],
    ['[Cross-account policy evaluation logic] from another account both sides must allow', input(user('bob', OTHER_ACCOUNT), 'ecr:DescribeImages', MY_REPO, [policy('ecr', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' })], {
      resourcePolicy: policy('repo-policy', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'ecr:DescribeImages' }, 'inline'),
    }), 'Allow', 'identity'],
    ['[Cross-account policy evaluation logic] a repository policy naming the user does not replace its own identity policy', input(user('bob', OTHER_ACCOUNT), 'ecr:DescribeImages', MY_REPO, [], {
      resourcePolicy: policy('repo-policy', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob` }, Action: 'ecr:DescribeImages' }, 'inline'),
    }), 'ImplicitDeny', 'identity'],
  ];
  test.each(rows)('%s', (_title, given, decision, decidedBy) => {
    const result = evaluate(given);
    expect({ decision: result.decision, decidedBy: result.decidedBy }).toEqual({ decision, decidedBy });
  });

  test('[IAM JSON policy elements: Resource] an ECR repository policy may leave Resource out: it is about its repository', () => {
    const repoPolicy = policy('repo-policy', { Sid: 'Pull', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/puller` }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }, 'inline');
    const result = evaluate(input(session('puller'), 'ecr:BatchGetImage', MY_REPO, [], { resourcePolicy: repoPolicy }));
    expect(result).toMatchObject({ decision: 'Allow', decidedBy: 'resource', decidingStatements: [{ sid: 'Pull' }] });
  });
});

describe('evaluate: permissions boundaries', () => {
  // The documentation's example: ShirleyRodriguez may manage only S3, CloudWatch and EC2.
  const shirleyBoundary = { ...policy('XCompanyBoundaries', { Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' }), kind: 'permissions-boundary' as const };
  const createUser = policy('create-user', { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' });
  const shirley = user('ShirleyRodriguez');
  const bucket = 'arn:aws:s3:::amzn-s3-demo-bucket';
  const rows: Row[] = [
    ['[Permissions boundaries for IAM entities] the boundary blocks iam:CreateUser though her policy allows it', input(shirley, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/new`, [createUser], { permissionsBoundary: shirleyBoundary }), 'ImplicitDeny', 'permissions-boundary'],
    ['[Permissions boundaries for IAM entities] an action both allow is allowed', input(shirley, 's3:GetObject', `${bucket}/a`, [policy('s3', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })], { permissionsBoundary: shirleyBoundary }), 'Allow', 'identity'],
    ['[Permissions boundaries for IAM entities] the boundary alone grants nothing', input(shirley, 's3:GetObject', `${bucket}/a`, [], { permissionsBoundary: shirleyBoundary }), 'ImplicitDeny', 'identity'],
    ['[Permissions boundaries for IAM entities] an explicit Deny in the boundary denies', input(shirley, 's3:GetObject', 'arn:aws:s3:::logs/a', [policy('s3', { Effect: 'Allow', Action: 's3:*', Resource: '*' })], {
      permissionsBoundary: { ...policy('b', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'DenyS3Logs', Effect: 'Deny', Action: 's3:*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'] }]), kind: 'permissions-boundary' },
    }), 'ExplicitDeny', 'permissions-boundary'],
    ['[Permissions boundaries for IAM entities] a role session\'s boundary limits an ecr:* allow', input(session(), 'ecr:DeleteRepository', MY_REPO, [policy('ecr-all', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' })], {
      permissionsBoundary: { ...policy('read-only', { Effect: 'Allow', Action: ['ecr:Describe*', 'ecr:List*'], Resource: '*' }), kind: 'permissions-boundary' },
    }), 'ImplicitDeny', 'permissions-boundary'],
    ['[Permissions boundaries for IAM entities] within an account the boundary does not limit a resource-policy grant to the user ARN', input(shirley, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/new`, [], {
      permissionsBoundary: shirleyBoundary,
      resourcePolicy: policy('rp', { Effect: 'Allow', Principal: { AWS: shirley.arn }, Action: 'iam:CreateUser', Resource: '*' }, 'inline'),
    }), 'Allow', 'resource'],
    ['[Permissions boundaries for IAM entities] nor a grant to the role session ARN', input(session('writer', 's1'), 'ecr:DeleteRepository', MY_REPO, [], {
      permissionsBoundary: { ...policy('read-only', { Effect: 'Allow', Action: 'ecr:Describe*', Resource: '*' }), kind: 'permissions-boundary' },
      resourcePolicy: policy('rp', { Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/writer/s1` }, Action: 'ecr:DeleteRepository' }, 'inline'),
    }), 'Allow', 'resource'],
    ['[Permissions boundaries for IAM entities] but it does limit a grant to the role ARN', input(session('writer', 's1'), 'ecr:DeleteRepository', MY_REPO, [], {
      permissionsBoundary: { ...policy('read-only', { Effect: 'Allow', Action: 'ecr:Describe*', Resource: '*' }), kind: 'permissions-boundary' },
      resourcePolicy: policy('rp', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/writer` }, Action: 'ecr:DeleteRepository' }, 'inline'),
    }), 'ImplicitDeny', 'permissions-boundary'],
    ['[AWS JSON policy elements: NotPrincipal] a NotPrincipal Deny always denies a principal with a boundary', input(shirley, 's3:GetObject', `${bucket}/a`, [policy('s3', { Effect: 'Allow', Action: 's3:*', Resource: '*' })], {
      permissionsBoundary: shirleyBoundary,
      resourcePolicy: policy('bucket', { Effect: 'Deny', NotPrincipal: { AWS: [shirley.arn, `arn:aws:iam::${ACCOUNT}:root`] }, Action: 's3:*', Resource: `${bucket}/*` }, 'inline'),
    }), 'ExplicitDeny', 'resource'],
  ];
  test.each(rows)('%s', (_title, given, decision, decidedBy) => {
    const result = evaluate(given);
    expect({ decision: result.decision, decidedBy: result.decidedBy }).toEqual({ decision, decidedBy });
  });
});
