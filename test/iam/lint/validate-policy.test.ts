import { validatePolicyDocument, type PolicyDocumentKind, type ValidatePolicyOptions } from '../../../harness/iam/validate-policy';
import { EXECUTION_ROLE_STATEMENT } from './execution-role-policy';

const ACCOUNT = '123456789012';
const json = (value: unknown): string => JSON.stringify(value);
const statement = (fields: Record<string, unknown>) => json({ Version: '2012-10-17', Statement: fields });
const allow = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket' };
const trust = (fields: Record<string, unknown>) =>
  json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', ...fields }] });
const without = (fields: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(fields).filter(([k]) => k !== key));

type Case = [name: string, text: string, kind: PolicyDocumentKind, message: string, options?: ValidatePolicyOptions];

describe('validatePolicyDocument refuses what IAM refuses, in its words', () => {
  const identityCases: Case[] = [
    ['text that is not JSON', 'This is not a json document', 'identity', 'Syntax errors in policy.'],
    ['JSON that is not an object', '["Statement"]', 'identity', 'Syntax errors in policy.'],
    ['no Statement', json({ Version: '2012-10-17' }), 'identity', 'Syntax errors in policy.'],
    ['a Statement that is a string', json({ Version: '2012-10-17', Statement: 'allow all' }), 'identity', 'Syntax errors in policy.'],
    ['an empty Statement list', json({ Version: '2012-10-17', Statement: [] }), 'identity', 'Syntax errors in policy.'],
    ['a statement that is not an object', json({ Version: '2012-10-17', Statement: ['afd'] }), 'identity', 'Syntax errors in policy.'],
    ['no Effect', statement(without(allow, 'Effect')), 'identity', 'Syntax errors in policy.'],
    ['an Effect other than Allow or Deny', statement({ ...allow, Effect: 'Permit' }), 'identity', 'Syntax errors in policy.'],
    ['Effect in the wrong case', statement({ ...allow, Effect: 'allow' }), 'identity', 'The policy failed legacy parsing'],
    ['neither Action nor NotAction', statement(without(allow, 'Action')), 'identity', 'Policy statement must contain actions.'],
    ['an empty Action list', statement({ ...allow, Action: [] }), 'identity', 'Policy statement must contain actions.'],
    ['both Action and NotAction', statement({ ...allow, NotAction: 'iam:*' }), 'identity', 'Syntax errors in policy.'],
    ['a Principal in an identity policy', statement({ ...allow, Principal: { AWS: ACCOUNT } }), 'identity', 'Policy document should not specify a principal.'],
    ['a NotPrincipal in an identity policy', statement({ ...allow, NotPrincipal: { AWS: ACCOUNT } }), 'identity', 'Policy document should not specify a principal.'],
    ['no Resource', statement(without(allow, 'Resource')), 'identity', 'Policy statement must contain resources.'],
    ['an empty Resource list', statement({ ...allow, Resource: [] }), 'identity', 'Policy statement must contain resources.'],
    ['no Resource in a permissions boundary', statement(without(allow, 'Resource')), 'permissions-boundary', 'Policy statement must contain resources.'],
    ['both Resource and NotResource', statement({ ...allow, NotResource: '*' }), 'identity', 'Syntax errors in policy.'],
    ['an unknown top-level field', json({ Version: '2012-10-17', Statement: allow, Extra: 'value' }), 'identity', 'Syntax errors in policy.'],
    ['an unknown statement field', statement({ ...allow, Actions: 's3:GetObject' }), 'identity', 'Syntax errors in policy.'],
    ['a Version that does not exist', json({ Version: '2013-10-17', Statement: allow }), 'identity', 'Syntax errors in policy.'],
    ['a managed policy in the 2008 language', json({ Version: '2008-10-17', Statement: allow }), 'identity', 'Policy document must be version 2012-10-17 or greater.', { target: { type: 'managed' } }],
    ['a permissions boundary without Version', json({ Statement: allow }), 'permissions-boundary', 'Policy document must be version 2012-10-17 or greater.'],
    ['an action without a service prefix', statement({ ...allow, Action: 'ListBucket' }), 'identity', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['an action with two colons', statement({ ...allow, Action: 's3:List:Bucket' }), 'identity', 'Actions/Condition can contain only one colon.'],
    ['a service prefix with a space', statement({ ...allow, Action: 'a a:ListBucket' }), 'identity', 'Vendor a a is not valid'],
    ['a service prefix with a wildcard', statement({ ...allow, Action: '*:Untag*' }), 'identity', 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards'],
    ['a Condition that is a list', statement({ ...allow, Condition: [] }), 'identity', 'Syntax errors in policy.'],
    ['a Condition operator that is not an object', statement({ ...allow, Condition: { StringEquals: 'x' } }), 'identity', 'Syntax errors in policy.'],
    ['an unknown Condition operator', statement({ ...allow, Condition: { StringIs: { 'aws:username': 'alice' } } }), 'identity', 'Syntax errors in policy.'],
    ['a date the legacy parser cannot read', statement({ ...allow, Condition: { DateGreaterThan: { 'aws:CurrentTime': 'tomorrow' } } }), 'identity', 'The policy failed legacy parsing'],
    [
      'two statements with one Sid',
      json({ Version: '2012-10-17', Statement: [{ ...allow, Sid: 'Read' }, { ...allow, Sid: 'Read' }] }),
      'identity',
      'Statement IDs (SID) in a single policy must be unique.',
    ],
    ['a Resource that is not an ARN', statement({ ...allow, Resource: 'mybucket' }), 'identity', 'Resource mybucket must be in ARN format or "*".'],
    ['an unknown partition', statement({ ...allow, Resource: 'arn:error:s3:::example_bucket' }), 'identity', 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".'],
    ['an ARN without a vendor', statement({ ...allow, Resource: 'arn:aws' }), 'identity', 'Resource vendor must be fully qualified and cannot contain regexes.'],
    ['an IAM ARN with a region', statement({ ...allow, Resource: `arn:aws:iam:ap-northeast-1:${ACCOUNT}:role/r` }), 'identity', `IAM resource arn:aws:iam:ap-northeast-1:${ACCOUNT}:role/r cannot contain region information.`],
    ['an S3 bucket ARN with a region', statement({ ...allow, Resource: 'arn:aws:s3:ap-northeast-1::mybucket' }), 'identity', 'Resource arn:aws:s3:ap-northeast-1::mybucket can not contain region information.'],
    ['an S3 ARN missing a colon', statement({ ...allow, Resource: 'arn:aws:s3::mybucket' }), 'identity', 'The policy failed legacy parsing'],
    [
      'an IAM ARN of no IAM resource type',
      statement({ ...allow, Resource: `arn:aws:iam::${ACCOUNT}:bucket/x` }),
      'identity',
      'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
    ],
  ];

  const trustCases: Case[] = [
    ['text that is not JSON', '{"Version": "2012-10-17", "Statement": [', 'trust', 'This policy contains invalid Json'],
    ['no Statement', json({ Version: '2012-10-17' }), 'trust', 'Missing required field Statement'],
    ['an empty Statement list', json({ Version: '2012-10-17', Statement: [] }), 'trust', 'Could not parse the policy: Statement is empty!'],
    ['a Statement that is a string', json({ Version: '2012-10-17', Statement: 'x' }), 'trust', 'This policy contains invalid Json'],
    ['no Effect', json({ Statement: { Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' } }), 'trust', 'Missing required field Effect'],
    ['Effect in the wrong case', trust({ Effect: 'allow' }), 'trust', 'Invalid effect: allow'],
    ['no Principal', json({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } }), 'trust', 'Missing required field Principal'],
    [
      'a Principal with no one in it',
      trust({ Principal: { AWS: [], Service: [] } }),
      'trust',
      'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
    ],
    ['a service principal without its domain', trust({ Principal: { Service: 'ecs-tasks' } }), 'trust', 'Invalid principal in policy: "SERVICE":"ecs-tasks"'],
    ['a bare domain as service principal', trust({ Principal: { Service: 'amazonaws.com' } }), 'trust', 'Invalid principal in policy: "SERVICE":"amazonaws.com"'],
    ['a role ARN without an account', trust({ Principal: { AWS: 'arn:aws:iam::role/deployer' } }), 'trust', 'Invalid principal in policy: "AWS":"arn:aws:iam::role/deployer"'],
    ['a wildcard inside a principal ARN', trust({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/dev-*` } }), 'trust', `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:user/dev-*"`],
    ['no Action', json({ Statement: { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' } } }), 'trust', 'Missing required field Action'],
    ['an action other than assuming the role', trust({ Action: ['sts:AssumeRole', 's3:GetObject'] }), 'trust', 'AssumeRole policy may only specify STS AssumeRole actions.'],
    ['sts:* in a trust policy', trust({ Action: 'sts:*' }), 'trust', 'AssumeRole policy may only specify STS AssumeRole actions.'],
    ['an action without a service prefix', trust({ Action: 'AssumeRole' }), 'trust', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['a Resource in a trust policy', trust({ Resource: '*' }), 'trust', 'Has prohibited field Resource'],
    [
      'a permissions policy pasted as a trust policy (Resource reported before the missing Principal)',
      json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream'], Resource: '*' }] }),
      'trust',
      'Has prohibited field Resource',
    ],
    ['an unknown statement field', trust({ Principals: { Service: 'ecs-tasks.amazonaws.com' } }), 'trust', 'Unknown field Principals'],
    ['a Version that does not exist', json({ Version: '2012-10-18', Statement: JSON.parse(trust({})).Statement }), 'trust', 'The policy must contain a valid version string'],
    [
      'two statements with one Sid',
      json({ Version: '2012-10-17', Statement: [JSON.parse(trust({ Sid: 'Ecs' })).Statement[0], JSON.parse(trust({ Sid: 'Ecs' })).Statement[0]] }),
      'trust',
      'Statement IDs (SID) in a single policy must be unique.',
    ],
  ];

  // Rest parameters: Jest reads a callback with more parameters than a row has as one taking `done`.
  test.each([...identityCases, ...trustCases])('%s (%s)', (...[, text, kind, message, options]: Case) => {
    expect(validatePolicyDocument(text, kind, options)).toEqual({ ok: false, code: 'MalformedPolicyDocument', message });
  });
});

describe('validatePolicyDocument accepts what IAM accepts and returns the document', () => {
  const executionRolePolicy = { Version: '2012-10-17', Statement: [EXECUTION_ROLE_STATEMENT] };
  const cases: Array<[string, unknown, PolicyDocumentKind, ValidatePolicyOptions?]> = [
    ["the article's policy", { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 'identity', { target: { type: 'managed' } }],
    ['AmazonECSTaskExecutionRolePolicy', executionRolePolicy, 'permissions-boundary'],
    ['an inline policy without Version', { Statement: { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::mybucket/*' } }, 'identity', { target: { type: 'user', name: 'alice' } }],
    ['an inline policy in the 2008 language', { Version: '2008-10-17', Statement: allow }, 'identity'],
    [
      'conditions with strings, booleans, numbers and dates',
      {
        Version: '2012-10-17',
        Statement: {
          Sid: 'Mfa',
          Effect: 'Allow',
          Action: 'ec2:*',
          Resource: '*',
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': true },
            NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
            DateLessThan: { 'aws:CurrentTime': '2030-12-31T23:59:59Z' },
            'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['team-*'] },
          },
        },
      },
      'identity',
    ],
    ['a policy variable in a Resource', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' } }, 'identity'],
    ['the ECS task role trust policy', JSON.parse(trust({})), 'trust'],
    [
      'a web identity trust policy',
      {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
        },
      },
      'trust',
    ],
    [
      'a cross-account trust policy that tags sessions',
      { Version: '2008-10-17', Statement: [{ Sid: 'Ops', Effect: 'Allow', Principal: { AWS: [ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/ops`] }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] },
      'trust',
    ],
  ];
  test.each(cases)('%s', (...[, document, kind, options]: (typeof cases)[number]) => {
    expect(validatePolicyDocument(JSON.stringify(document, null, 2), kind, options)).toEqual({ ok: true, document });
  });
});

describe('validatePolicyDocument applies IAM size quotas (white space not counted)', () => {
  const bigPolicy = (actions: number) =>
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: Array.from({ length: actions }, (_, i) => `s3:GetObjectVersion${i}`), Resource: '*' }] },
      null,
      4,
    );
  const bigTrust = JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 30 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/r${i}` }, Action: 'sts:AssumeRole' })),
  });

  test.each<[string, string, PolicyDocumentKind, ValidatePolicyOptions | undefined, string | undefined]>([
    ['a managed policy over 6,144', bigPolicy(300), 'identity', { target: { type: 'managed' } }, 'Cannot exceed quota for PolicySize: 6144'],
    ['a trust policy over 2,048', bigTrust, 'trust', undefined, 'Cannot exceed quota for ACLSizePerRole: 2048'],
    ['a user inline policy over 2,048', bigPolicy(100), 'identity', { target: { type: 'user', name: 'alice' } }, 'Maximum policy size of 2048 bytes exceeded for user alice'],
    ['a role inline policy under 10,240', bigPolicy(100), 'identity', { target: { type: 'role', name: 'task-role' } }, undefined],
    ['a managed policy whose white space alone would pass 6,144', bigPolicy(150).replace(/\n/g, `\n${' '.repeat(20)}`), 'identity', { target: { type: 'managed' } }, undefined],
  ])('%s', (_name, text, kind, options, message) => {
    const result = validatePolicyDocument(text, kind, options);
    if (message === undefined) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, code: 'LimitExceeded', message });
  });
});
