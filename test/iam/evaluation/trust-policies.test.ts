import { evaluate } from '../../../harness/iam/evaluate';
import type { DecidedBy, Decision, EvaluationInput, PolicyStatement } from '../../../harness/iam/policy-types';
import { ACCOUNT, ECS_TASKS_TRUST, LAMBDA_TRUST, OTHER_ACCOUNT, input, policy, root, service, session, trust, user } from './fixtures';

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const assume = (principal: EvaluationInput['request']['principal'], roleName: string, statements: PolicyStatement[], identity = [] as EvaluationInput['identityPolicies'], context = {}) =>
  input(principal, 'sts:AssumeRole', role(roleName), identity, { resourcePolicy: trust(roleName, statements), context });
const allowAssume = (resource: string) => policy('assume', { Sid: 'AssumeIt', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource });

type Row = [title: string, given: EvaluationInput, decision: Decision, decidedBy: DecidedBy];
const ROLES = '[AWS JSON policy elements: Principal]';

describe('sts:AssumeRole: the trust policy is required', () => {
  const rows: Row[] = [
    [`${ROLES} ecs-tasks.amazonaws.com may assume a role whose trust policy names it`, assume(service('ecs-tasks.amazonaws.com'), 'task-role', ECS_TASKS_TRUST), 'Allow', 'resource'],
    [`${ROLES} ecs-tasks.amazonaws.com may not assume the article's Lambda role`, assume(service('ecs-tasks.amazonaws.com'), 'kata-lambda-role', LAMBDA_TRUST), 'ImplicitDeny', 'resource'],
    [`${ROLES} lambda.amazonaws.com may assume the article's Lambda role`, assume(service('lambda.amazonaws.com'), 'kata-lambda-role', LAMBDA_TRUST), 'Allow', 'resource'],
    [`${ROLES} lambda.amazonaws.com may not assume an ECS task role`, assume(service('lambda.amazonaws.com'), 'task-role', ECS_TASKS_TRUST), 'ImplicitDeny', 'resource'],
    [`${ROLES} a Service list names several services`, assume(service('ecs-tasks.amazonaws.com'), 'shared', [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] }, Action: 'sts:AssumeRole' }]), 'Allow', 'resource'],
    [`${ROLES} "Principal": "*" matches a service principal`, assume(service('ecs-tasks.amazonaws.com'), 'open', [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]), 'Allow', 'resource'],
    [`${ROLES} an AWS principal never matches a service principal`, assume(service('ecs-tasks.amazonaws.com'), 'users-only', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }]), 'ImplicitDeny', 'resource'],
    [`${ROLES} a service principal never matches an IAM user`, assume(user('alice'), 'task-role', ECS_TASKS_TRUST, [allowAssume('*')]), 'ImplicitDeny', 'resource'],
    [`${ROLES} a trust policy for another action does not allow sts:AssumeRole`, assume(service('ecs-tasks.amazonaws.com'), 'tagging', [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:TagSession' }]), 'ImplicitDeny', 'resource'],
    [`${ROLES} the trust policy's Condition applies (aws:SourceAccount)`, assume(service('ecs-tasks.amazonaws.com'), 'task-role', [{ ...ECS_TASKS_TRUST[0], Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }], [], { 'aws:SourceAccount': ACCOUNT }), 'Allow', 'resource'],
    [`${ROLES} …and refuses a confused deputy from another account`, assume(service('ecs-tasks.amazonaws.com'), 'task-role', [{ ...ECS_TASKS_TRUST[0], Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }], [], { 'aws:SourceAccount': OTHER_ACCOUNT }), 'ImplicitDeny', 'resource'],
    [`${ROLES} an explicit Deny in the trust policy wins`, assume(service('ecs-tasks.amazonaws.com'), 'task-role', [...ECS_TASKS_TRUST, { Sid: 'NoEcs', Effect: 'Deny', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }]), 'ExplicitDeny', 'resource'],
    [`${ROLES} without a trust policy nobody may assume the role`, input(user('alice'), 'sts:AssumeRole', role('no-trust'), [allowAssume('*')]), 'ImplicitDeny', 'resource'],
  ];
  test.each(rows)('%s', (_title, given, decision, decidedBy) => {
    const result = evaluate(given);
    expect({ decision: result.decision, decidedBy: result.decidedBy }).toEqual({ decision, decidedBy });
  });
});

describe('sts:AssumeRole by IAM users and role sessions', () => {
  const rootTrust: PolicyStatement[] = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }];
  const aliceTrust: PolicyStatement[] = [{ Sid: 'TrustAlice', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'sts:AssumeRole' }];
  const rows: Row[] = [
    [`${ROLES} the account root principal delegates: an identity policy allowing sts:AssumeRole on the role lets a user in`, assume(user('alice'), 'admin', rootTrust, [allowAssume(role('admin'))]), 'Allow', 'identity'],
    [`${ROLES} the account root principal delegates: without that identity policy the user is denied`, assume(user('alice'), 'admin', rootTrust), 'ImplicitDeny', 'identity'],
    [`${ROLES} the account root principal delegates: an identity policy for another role does not help`, assume(user('alice'), 'admin', rootTrust, [allowAssume(role('reader'))]), 'ImplicitDeny', 'identity'],
    [`${ROLES} the account id as principal delegates the same way`, assume(user('alice'), 'admin', [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }], [allowAssume(role('*'))]), 'Allow', 'identity'],
    [`${ROLES} a trust policy naming the user ARN is enough on its own`, assume(user('alice'), 'admin', aliceTrust), 'Allow', 'resource'],
    [`${ROLES} a trust policy naming another user does not let alice in, whatever her policies say`, assume(user('bob'), 'admin', aliceTrust, [allowAssume('*')]), 'ImplicitDeny', 'resource'],
    [`${ROLES} a trust policy naming a role lets that role's sessions assume the role`, assume(session('builder'), 'deployer', [{ Effect: 'Allow', Principal: { AWS: role('builder') }, Action: 'sts:AssumeRole' }]), 'Allow', 'resource'],
    [`${ROLES} an identity Deny on sts:AssumeRole wins over a trust policy naming the user`, assume(user('alice'), 'admin', aliceTrust, [policy('no-assume', { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' })]), 'ExplicitDeny', 'identity'],
    [`[Permissions boundaries for IAM entities] with the root principal, the user's boundary limits the identity policy`, input(user('alice'), 'sts:AssumeRole', role('admin'), [allowAssume('*')], {
      resourcePolicy: trust('admin', rootTrust),
      permissionsBoundary: { ...policy('ec2-only', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }), kind: 'permissions-boundary' },
    }), 'ImplicitDeny', 'permissions-boundary'],
    ['[Cross-account policy evaluation logic] a user of another account needs both the trust policy and its own identity policy', assume(user('carol', OTHER_ACCOUNT), 'partner', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:user/carol` }, Action: 'sts:AssumeRole' }]), 'ImplicitDeny', 'identity'],
    ['[Cross-account policy evaluation logic] with both, the user of another account may assume the role', assume(user('carol', OTHER_ACCOUNT), 'partner', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }], [allowAssume(role('partner'))]), 'Allow', 'identity'],
    ['[How AWS enforcement code logic evaluates requests to allow or deny access] the account root still needs the trust policy to trust its account', assume(root(), 'task-role', ECS_TASKS_TRUST), 'ImplicitDeny', 'resource'],
    ['[How AWS enforcement code logic evaluates requests to allow or deny access] the account root may assume a role that trusts its account', assume(root(), 'admin', rootTrust), 'Allow', 'identity'],
  ];
  test.each(rows)('%s', (_title, given, decision, decidedBy) => {
    const result = evaluate(given);
    expect({ decision: result.decision, decidedBy: result.decidedBy }).toEqual({ decision, decidedBy });
  });

  test(`${ROLES} an Allow through delegation names both the trust statement and the identity statement`, () => {
    const result = evaluate(assume(user('alice'), 'admin', rootTrust, [allowAssume(role('admin'))]));
    expect(result.decidingStatements.map((ref) => [ref.policy.kind, ref.index, ref.sid])).toEqual([['trust', 0, undefined], ['customer-managed', 0, 'AssumeIt']]);
  });

  test('[AWS JSON policy elements: NotPrincipal] a Deny with NotPrincipal exempts only a principal listed with its account', () => {
    const bucket = policy('bucket', [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:root`] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ], 'inline');
    const userOnly = policy('bucket', [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ], 'inline');
    const roleAndAccount = policy('bucket', [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Deny', NotPrincipal: { AWS: [role('reader'), ACCOUNT] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ], 'inline');
    const get = (principal: EvaluationInput['request']['principal'], resourcePolicy: typeof bucket) =>
      evaluate(input(principal, 's3:GetObject', 'arn:aws:s3:::b/x', [], { resourcePolicy })).decision;
    expect(get(user('alice'), bucket)).toBe('Allow');
    expect(get(user('bob'), bucket)).toBe('ExplicitDeny');
    expect(get(user('alice'), userOnly)).toBe('ExplicitDeny');
    expect(get(session('reader'), roleAndAccount)).toBe('Allow');
    expect(get(session('writer'), roleAndAccount)).toBe('ExplicitDeny');
  });

  test('[AWS JSON policy elements: NotPrincipal] NotPrincipal with Allow is not supported: it allows nobody', () => {
    const result = evaluate(input(user('bob'), 's3:GetObject', 'arn:aws:s3:::b/x', [], {
      resourcePolicy: policy('bucket', { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, 'inline'),
    }));
    expect(result.decision).toBe('ImplicitDeny');
  });
});
