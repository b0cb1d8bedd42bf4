import { evaluate } from '../../../harness/iam/evaluate';
import type { RequestContext, RequestPrincipal } from '../../../harness/iam/policy-types';
import { ACCOUNT, allowWhen, input, root, session, user } from './fixtures';

type Row = [title: string, resourceInPolicy: string, version: string | undefined, principal: RequestPrincipal, requested: string, allowed: boolean, context?: RequestContext];

const ownUser = `arn:aws:iam::*:user/\${aws:username}`;

describe('policy variables in Resource', () => {
  const rows: Row[] = [
    ['[IAM policy elements: Variables and tags] ${aws:username} lets a user manage its own user', ownUser, '2012-10-17', user('alice'), `arn:aws:iam::${ACCOUNT}:user/alice`, true],
    ['[IAM policy elements: Variables and tags] ${aws:username} does not match another user', ownUser, '2012-10-17', user('alice'), `arn:aws:iam::${ACCOUNT}:user/bob`, false],
    ['[IAM policy elements: Variables and tags] a variable with no value (a role session has no aws:username) matches no resource', ownUser, '2012-10-17', session(), `arn:aws:iam::${ACCOUNT}:user/t1`, false],
    ['[IAM JSON policy elements: Version] with Version 2008-10-17 ${aws:username} is literal text', ownUser, '2008-10-17', user('alice'), `arn:aws:iam::${ACCOUNT}:user/alice`, false],
    ['[IAM JSON policy elements: Version] with Version 2008-10-17 the literal text matches itself', ownUser, '2008-10-17', user('alice'), `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`, true],
    ['[IAM JSON policy elements: Version] without a Version ${aws:username} is literal text', ownUser, undefined, user('alice'), `arn:aws:iam::${ACCOUNT}:user/alice`, false],
    ['[IAM policy elements: Variables and tags] ${aws:PrincipalAccount} comes from the principal', `arn:aws:ecr:*:\${aws:PrincipalAccount}:repository/*`, '2012-10-17', session(), `arn:aws:ecr:ap-northeast-1:${ACCOUNT}:repository/x`, true],
    ['[IAM policy elements: Variables and tags] ${aws:PrincipalAccount} does not match another account', `arn:aws:ecr:*:\${aws:PrincipalAccount}:repository/*`, '2012-10-17', session(), 'arn:aws:ecr:ap-northeast-1:444455556666:repository/x', false],
    ['[IAM policy elements: Variables and tags] ${aws:userid} of a role session is role-id:session-name', 'arn:aws:s3:::home/${aws:userid}/*', '2012-10-17', session('task-role', 't1'), 'arn:aws:s3:::home/AROADBQP57FF2AEXAMPLE:t1/a', true],
    ['[IAM policy elements: Variables and tags] ${aws:userid} of the account root is the account id', 'arn:aws:s3:::home/${aws:userid}/*', '2012-10-17', root(), `arn:aws:s3:::home/${ACCOUNT}/a`, true],
    ['[IAM policy elements: Variables and tags] ${aws:PrincipalArn} of a role session is the role ARN', 'arn:aws:s3:::audit/${aws:PrincipalArn}', '2012-10-17', session('task-role'), `arn:aws:s3:::audit/arn:aws:iam::${ACCOUNT}:role/task-role`, true],
    ['[IAM policy elements: Variables and tags] variable names compare case-insensitively', 'arn:aws:iam::*:user/${AWS:UserName}', '2012-10-17', user('alice'), `arn:aws:iam::${ACCOUNT}:user/alice`, true],
    ['[IAM policy elements: Variables and tags] a tag variable takes the request context value', 'arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team}', '2012-10-17', user('alice'), 'arn:aws:s3:::amzn-s3-demo-bucket-yellow', true, { 'aws:PrincipalTag/team': 'yellow' }],
    ['[IAM policy elements: Variables and tags] a default value applies when the key is missing', "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}", '2012-10-17', user('alice'), 'arn:aws:s3:::amzn-s3-demo-bucket-company-wide', true],
    ['[IAM policy elements: Variables and tags] the default is not used when the key has a value', "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}", '2012-10-17', user('alice'), 'arn:aws:s3:::amzn-s3-demo-bucket-company-wide', false, { 'aws:PrincipalTag/team': 'yellow' }],
    ['[IAM policy elements: Variables and tags] ${*} is a literal asterisk, not a wildcard', 'arn:aws:s3:::bucket/${*}', '2012-10-17', user('alice'), 'arn:aws:s3:::bucket/*', true],
    ['[IAM policy elements: Variables and tags] so ${*} does not match other text', 'arn:aws:s3:::bucket/${*}', '2012-10-17', user('alice'), 'arn:aws:s3:::bucket/anything', false],
    ['[IAM policy elements: Variables and tags] ${?} is a literal question mark', 'arn:aws:s3:::bucket/what${?}', '2012-10-17', user('alice'), 'arn:aws:s3:::bucket/what?', true],
    ['[IAM policy elements: Variables and tags] ${?} does not match another character', 'arn:aws:s3:::bucket/what${?}', '2012-10-17', user('alice'), 'arn:aws:s3:::bucket/whats', false],
    ['[IAM policy elements: Variables and tags] ${$} is a literal dollar sign', 'arn:aws:s3:::bucket/${$}{aws:username}', '2012-10-17', user('alice'), 'arn:aws:s3:::bucket/${aws:username}', true],
    ['[IAM policy elements: Variables and tags] a variable\'s value is literal: a user name with "*" is no wildcard', 'arn:aws:s3:::bucket/${aws:username}', '2012-10-17', user('a*'), 'arn:aws:s3:::bucket/abc', false],
    ['[IAM policy elements: Variables and tags] wildcards around a variable still work', 'arn:aws:s3:::home/${aws:username}/*', '2012-10-17', user('alice'), 'arn:aws:s3:::home/alice/notes.txt', true],
    ['[IAM policy elements: Variables and tags] a multivalued key cannot be a variable', 'arn:aws:s3:::tags/${aws:TagKeys}', '2012-10-17', user('alice'), 'arn:aws:s3:::tags/a', false, { 'aws:TagKeys': ['a', 'b'] }],
  ];
  // Rows differ in length (the context is optional), so each test receives its row whole.
  test.each(rows.map((row) => [row[0], row] as const))('%s', (_title, [, resourceInPolicy, version, principal, requested, expected, context]) => {
    const given = input(principal, 's3:GetObject', requested, [allowWhen('s3:GetObject', resourceInPolicy, undefined, version ?? 'none')], { context });
    if (version === undefined) delete given.identityPolicies[0].document.Version;
    expect(evaluate(given).decision === 'Allow').toBe(expected);
  });

  test('[IAM policy elements: Variables and tags] a NotResource entry with no value excludes nothing', () => {
    const notOwn = { name: 'p', kind: 'inline' as const, document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny' as const, Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' }, { Effect: 'Allow' as const, Action: 's3:*', Resource: '*' }] } };
    expect(evaluate(input(user('alice'), 's3:GetObject', 'arn:aws:s3:::home/alice/a', [notOwn])).decision).toBe('Allow');
    expect(evaluate(input(user('alice'), 's3:GetObject', 'arn:aws:s3:::home/bob/a', [notOwn])).decision).toBe('ExplicitDeny');
    expect(evaluate(input(session(), 's3:GetObject', 'arn:aws:s3:::home/t1/a', [notOwn])).decision).toBe('ExplicitDeny');
  });

  test('[IAM policy elements: Variables and tags] the reason names the variable that had no value', () => {
    const result = evaluate(input(session(), 'iam:ChangePassword', `arn:aws:iam::${ACCOUNT}:user/t1`, [allowWhen('iam:ChangePassword', ownUser)]));
    expect(result.closest?.reasons).toEqual([
      `Resource "arn:aws:iam::*:user/\${aws:username}" does not match arn:aws:iam::${ACCOUNT}:user/t1 (\${aws:username} has no value in this request)`,
    ]);
  });
});

describe('policy variables in Condition values', () => {
  test.each([
    ['[IAM policy elements: Variables and tags] StringLike with ${aws:username} in the value matches the user\'s own prefix', 'home/alice/', user('alice'), true],
    ['[IAM policy elements: Variables and tags] StringLike with ${aws:username} does not match another user\'s prefix', 'home/bob/', user('alice'), false],
    ['[IAM policy elements: Variables and tags] a condition value with no value does not match (StringLike)', 'home/t1/', session(), false],
  ] as const)('%s', (_title, prefix, principal, expected) => {
    const statement = allowWhen('s3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/'] } });
    expect(evaluate(input(principal, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', [statement], { context: { 's3:prefix': prefix } })).decision === 'Allow').toBe(expected);
  });

  test('[IAM policy elements: Variables and tags] an inverted operator matches against a variable with no value', () => {
    // The documentation's example: deny unless the object's Team tag equals the principal's; no principal tag → denied.
    const deny = { name: 'team', kind: 'inline' as const, document: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny' as const, Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*', Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } } },
    ] } };
    const object = 'arn:aws:s3:::amzn-s3-demo-bucket/report';
    expect(evaluate(input(user(), 's3:GetObject', object, [deny], { context: { 's3:ExistingObjectTag/Team': 'red', 'aws:PrincipalTag/Team': 'red' } })).decision).toBe('Allow');
    expect(evaluate(input(user(), 's3:GetObject', object, [deny], { context: { 's3:ExistingObjectTag/Team': 'red', 'aws:PrincipalTag/Team': 'blue' } })).decision).toBe('ExplicitDeny');
    expect(evaluate(input(user(), 's3:GetObject', object, [deny], { context: { 's3:ExistingObjectTag/Team': 'red' } })).decision).toBe('ExplicitDeny');
  });

  test('[IAM policy elements: Variables and tags] variables are not substituted in Numeric values', () => {
    const numeric = allowWhen('s3:ListBucket', '*', { NumericLessThanEquals: { 's3:max-keys': '${aws:PrincipalTag/limit}' } });
    const given = input(user(), 's3:ListBucket', 'arn:aws:s3:::b', [numeric], { context: { 's3:max-keys': '5', 'aws:PrincipalTag/limit': '10' } });
    expect(evaluate(given).decision).toBe('ImplicitDeny');
  });
});
