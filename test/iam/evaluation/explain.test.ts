import { evaluate } from '../../../harness/iam/evaluate';
import { explainDecision } from '../../../harness/iam/explain';
import type { EvaluationInput } from '../../../harness/iam/policy-types';
import { ACCOUNT, ECS_TASKS_TRUST, LAMBDA_TRUST, MY_REPO, OTHER_REPO, input, policy, service, session, trust, user } from './fixtures';

const explain = (given: EvaluationInput) => explainDecision(given, evaluate(given));
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/task-role/t1`;
const LAMBDA_ROLE = `arn:aws:iam::${ACCOUNT}:role/kata-lambda-role`;

describe('explainDecision: what a learner reads, in English and Japanese', () => {
  test('[Policy evaluation logic] implicit deny with a statement scoped to another repository', () => {
    const text = explain(input(session(), 'ecr:DescribeImages', OTHER_REPO, [
      policy('ecr-read', { Sid: 'ReadMyRepo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO }),
    ]));
    expect(text.en).toBe(
      `Role session ${SESSION} may not call ecr:DescribeImages on ${OTHER_REPO}: no statement allows it. ` +
        `Closest: statement 0 (Sid "ReadMyRepo") of policy ecr-read allows ecr:DescribeImages, but only on Resource ${MY_REPO}. ` +
        `Add ${OTHER_REPO} to that statement's Resource, or add a statement that allows it.`,
    );
    for (const part of [SESSION, 'ecr:DescribeImages', OTHER_REPO, MY_REPO, 'ステートメント 0', 'ReadMyRepo', 'ポリシー ecr-read', 'ロールセッション', 'Resource']) {
      expect(text.ja).toContain(part);
    }
    expect(text.ja).toMatch(/呼び出せません。/);
    expect(text.ja).toMatch(/追加してください。$/);
  });

  test('[Policy evaluation logic] implicit deny with no policy at all says to attach one', () => {
    const text = explain(input(session(), 'ecr:DescribeImages', MY_REPO, []));
    expect(text.en).toContain(`Role session ${SESSION} may not call ecr:DescribeImages on ${MY_REPO}`);
    expect(text.en).toContain('has no identity-based policy');
    expect(text.en).toContain(`Attach a policy to role arn:aws:iam::${ACCOUNT}:role/task-role`);
    expect(text.ja).toContain('アイデンティティベースのポリシーが 1 つもない');
    expect(text.ja).toContain(`ロール arn:aws:iam::${ACCOUNT}:role/task-role`);
    expect(text.ja).toContain('アタッチしてください');
  });

  test('[Policy evaluation logic] an explicit deny names the Deny statement and says it always wins', () => {
    const text = explain(input(session(), 'ecr:DescribeImages', MY_REPO, [
      policy('ecr-all', [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }, { Sid: 'NoMyRepo', Effect: 'Deny', Action: 'ecr:DescribeImages', Resource: MY_REPO }]),
    ]));
    expect(text.en).toContain(`Role session ${SESSION} may not call ecr:DescribeImages on ${MY_REPO}: statement 1 (Sid "NoMyRepo") of policy ecr-all explicitly denies it.`);
    expect(text.en).toContain('An explicit Deny always wins over any Allow');
    expect(text.ja).toContain('ポリシー ecr-all のステートメント 1 (Sid "NoMyRepo")');
    expect(text.ja).toContain('明示的な拒否');
    expect(text.ja).toContain('常に優先される');
  });

  test('[AWS JSON policy elements: Principal] AssumeRole refused by the article\'s Lambda trust policy', () => {
    const text = explain(input(service('ecs-tasks.amazonaws.com'), 'sts:AssumeRole', LAMBDA_ROLE, [], { resourcePolicy: trust('kata-lambda-role', LAMBDA_TRUST) }));
    expect(text.en).toContain(`The trust policy of role ${LAMBDA_ROLE} allows lambda.amazonaws.com, not ecs-tasks.amazonaws.com`);
    expect(text.en).toContain('add ecs-tasks.amazonaws.com as a Service principal of a statement with Action sts:AssumeRole');
    expect(text.ja).toContain(`ロール ${LAMBDA_ROLE} の信頼ポリシー`);
    expect(text.ja).toContain('lambda.amazonaws.com');
    expect(text.ja).toContain('ecs-tasks.amazonaws.com を Service プリンシパルとして追加してください');
  });

  test('[AWS JSON policy elements: Principal] and the other way round: Lambda refused by an ECS task role', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/task-role`;
    const text = explain(input(service('lambda.amazonaws.com'), 'sts:AssumeRole', role, [], { resourcePolicy: trust('task-role', ECS_TASKS_TRUST) }));
    expect(text.en).toContain(`The trust policy of role ${role} allows ecs-tasks.amazonaws.com, not lambda.amazonaws.com`);
    expect(text.ja).toContain('lambda.amazonaws.com を Service プリンシパルとして追加してください');
  });

  test('[AWS JSON policy elements: Principal] a role session refused by a trust policy is told to add its role ARN', () => {
    const target = `arn:aws:iam::${ACCOUNT}:role/deployer`;
    const text = explain(input(session('builder'), 'sts:AssumeRole', target, [], {
      resourcePolicy: trust('deployer', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` }, Action: 'sts:AssumeRole' }]),
    }));
    expect(text.en).toContain(`add arn:aws:iam::${ACCOUNT}:role/builder as an AWS principal`);
    expect(text.ja).toContain(`arn:aws:iam::${ACCOUNT}:role/builder を AWS プリンシパルとして追加してください`);
  });

  test('[AWS JSON policy elements: Principal] a trust policy that trusts the account explains the delegation', () => {
    const target = `arn:aws:iam::${ACCOUNT}:role/admin`;
    const text = explain(input(user('alice'), 'sts:AssumeRole', target, [policy('own', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/reader` })], {
      resourcePolicy: trust('admin', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }]),
    }));
    expect(text.en).toContain(`IAM user arn:aws:iam::${ACCOUNT}:user/alice may not call sts:AssumeRole on ${target}`);
    expect(text.en).toContain('trusts the whole account');
    expect(text.en).toContain(`Closest: statement 0 of policy own allows sts:AssumeRole, but only on Resource arn:aws:iam::${ACCOUNT}:role/reader.`);
    expect(text.ja).toContain('アカウント全体を信頼');
  });

  test('[Permissions boundaries for IAM entities] a boundary refusal names the boundary and its closest statement', () => {
    const text = explain(input(user('ShirleyRodriguez'), 'iam:CreateUser', '*', [policy('create-user', { Sid: 'Create', Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' })], {
      permissionsBoundary: { ...policy('XCompanyBoundaries', { Sid: 'ServiceBoundaries', Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' }), kind: 'permissions-boundary' },
    }));
    expect(text.en).toContain('may not call iam:CreateUser:');
    expect(text.en).toContain('statement 0 (Sid "Create") of policy create-user allows it, but permissions boundary XCompanyBoundaries does not');
    expect(text.en).toContain('Sid "ServiceBoundaries"');
    expect(text.ja).toContain('アクセス許可の境界 XCompanyBoundaries');
    expect(text.ja).toContain('最大のアクセス許可');
  });

  test('[IAM JSON policy elements: Condition operators] a condition that does not hold is quoted', () => {
    const text = explain(input(session(), 'ecr:DescribeImages', MY_REPO, [policy('tls', { Sid: 'TlsOnly', Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], {
      context: { 'aws:SecureTransport': false },
    }));
    expect(text.en).toContain('Closest: statement 0 (Sid "TlsOnly") of policy tls allows ecr:DescribeImages');
    expect(text.en).toContain('Condition Bool aws:SecureTransport "true" does not match false');
    expect(text.ja).toContain('Condition が満たされていません');
  });

  test('[IAM JSON policy elements: Action] a misspelt action is pointed out', () => {
    const text = explain(input(session(), 'ecr:DescribeImages', MY_REPO, [policy('p', { Sid: 'Read', Effect: 'Allow', Action: 'ecr:DescribeImage', Resource: MY_REPO })]));
    expect(text.en).toContain('no such action? compare ecr:DescribeImages');
    expect(text.en).toContain("Add ecr:DescribeImages to that statement's Action.");
    expect(text.ja).toContain('存在しないアクション?');
  });

  test('[Policy evaluation logic] an Allow names the statement that allowed it', () => {
    const text = explain(input(session(), 'ecr:DescribeImages', MY_REPO, [policy('ecr-read', { Sid: 'ReadMyRepo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO })]));
    expect(text.en).toBe(`Role session ${SESSION} may call ecr:DescribeImages on ${MY_REPO}: statement 0 (Sid "ReadMyRepo") of policy ecr-read allows it.`);
    expect(text.ja).toBe(`ロールセッション ${SESSION} は ${MY_REPO} に対して ecr:DescribeImages を呼び出せます。ポリシー ecr-read のステートメント 0 (Sid "ReadMyRepo") が許可しています。`);
  });

  test('[AWS JSON policy elements: Principal] an Allow by a trust policy names the trust policy', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/task-role`;
    const text = explain(input(service('ecs-tasks.amazonaws.com'), 'sts:AssumeRole', role, [], { resourcePolicy: trust('task-role', ECS_TASKS_TRUST) }));
    expect(text.en).toBe(`Service principal ecs-tasks.amazonaws.com may call sts:AssumeRole on ${role}: statement 0 of the trust policy of role ${role} allows it.`);
    expect(text.ja).toContain(`ロール ${role} の信頼ポリシーのステートメント 0`);
  });

  test('[AWS JSON policy elements: Principal] an Allow through a trust policy that trusts the account names both statements', () => {
    const target = `arn:aws:iam::${ACCOUNT}:role/admin`;
    const text = explain(input(user('alice'), 'sts:AssumeRole', target, [policy('assume-admin', { Sid: 'AssumeAdmin', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: target })], {
      resourcePolicy: trust('admin', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }]),
    }));
    expect(text.en).toBe(
      `IAM user arn:aws:iam::${ACCOUNT}:user/alice may call sts:AssumeRole on ${target}: statement 0 of the trust policy of role ${target} and statement 0 (Sid "AssumeAdmin") of policy assume-admin allow it.`,
    );
    expect(text.ja).toContain(`ロール ${target} の信頼ポリシーのステートメント 0 とポリシー assume-admin のステートメント 0 (Sid "AssumeAdmin") が許可しています。`);
  });

  test('[AWS JSON policy elements: Principal] an inline policy says where it is attached', () => {
    const text = explain(input(user('alice'), 'ecr:DescribeImages', OTHER_REPO, [{ ...policy('pushers-read', { Sid: 'ReadMyRepo', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: MY_REPO }), kind: 'inline', attachedTo: 'group pushers' }]));
    expect(text.en).toContain('of policy pushers-read (inline, group pushers)');
    expect(text.ja).toContain('ポリシー pushers-read (グループ pushers のインラインポリシー) のステートメント 0');
  });

  test('[Cross-account policy evaluation logic] a cross-account refusal says both sides must allow', () => {
    const text = explain(input(user('bob', '444455556666'), 'ecr:DescribeImages', MY_REPO, [policy('ecr', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' })]));
    expect(text.en).toContain('the resource has no resource-based policy');
    expect(text.en).toContain('another account');
    expect(text.ja).toContain('別のアカウント');
  });

  test('[Policy evaluation logic] no trust policy at all', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/ghost`;
    const text = explain(input(user('alice'), 'sts:AssumeRole', role, [policy('assume', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })]));
    expect(text.en).toContain('no trust policy was found');
    expect(text.ja).toContain('信頼ポリシーが見つかりません');
  });
});
