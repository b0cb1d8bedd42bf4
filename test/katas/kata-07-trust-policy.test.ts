import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '07-trust-policy';
const RETURNS = /^solve\(\) returns the ARNs/;
const LAMBDA_IN = /^lambda\.amazonaws\.com can assume kata-lambda-role/;
const LAMBDA_ONLY = /^nobody else can assume kata-lambda-role/;
const ECS_IN = /^ecs-tasks\.amazonaws\.com can assume kata-ecs-task-role/;
const ECS_ONLY = /^nobody else can assume kata-ecs-task-role/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(5);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};

describe('kata 07 proves who can assume each role, and names the statement that decides', () => {
  test('the starter: every rule fails, naming the role to create with CreateRole', async () => {
    const results = await run({});
    expect(results).toHaveLength(5);
    for (const title of [RETURNS, LAMBDA_IN, LAMBDA_ONLY, ECS_IN, ECS_ONLY]) {
      const { status, message } = one(results, title);
      expect(status).toBe('failed');
      expect(message).toMatch(/^KataAssertionError: (- )?There is no role kata-(lambda|ecs-task)-role in account \d{12}/);
      expect(message).toContain('CreateRoleCommand');
    }
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, LAMBDA_IN).message).toMatch(/^KataAssertionError: アカウント \d{12} にロール kata-lambda-role がないため/);
  }, 120_000);

  test('the task role trusting ecs.amazonaws.com: ECS tasks are refused, and ECS itself is told apart from its tasks', async () => {
    const results = await run(fixture('wrong-solutions', 'trust-ecs-service'));
    onlyFailing(results, [ECS_IN]);
    const { message } = one(results, ECS_IN);
    expect(message).toMatch(/The trust policy of role arn:aws:iam::\d{12}:role\/kata-ecs-task-role allows ecs\.amazonaws\.com, not ecs-tasks\.amazonaws\.com/);
    expect(message).toContain('that is the ECS service itself');
  }, 120_000);

  test('both roles trusting the account root: the IAM user gets in, and the statement that trusts the account is named', async () => {
    const results = await run(fixture('wrong-solutions', 'trust-the-account'));
    onlyFailing(results, [LAMBDA_ONLY, ECS_ONLY]);
    for (const title of [LAMBDA_ONLY, ECS_ONLY]) {
      const { message } = one(results, title);
      expect(message).toMatch(/IAM user kata-user \(arn:aws:iam::\d{12}:user\/kata-user, .*\) could assume kata-(lambda|ecs-task)-role/);
      expect(message).toMatch(/statement 1 \(Sid "Admins"\) trusts arn:aws:iam::\d{12}:root, the account\. That is not "only the root user"/);
      expect(message).not.toMatch(/amazonaws\.com could assume/);
    }
  }, 120_000);

  test('one trust policy naming both services for both roles: each service gets into the other role', async () => {
    const results = await run(fixture('wrong-solutions', 'one-trust-policy-for-both'));
    onlyFailing(results, [LAMBDA_ONLY, ECS_ONLY]);
    expect(one(results, LAMBDA_ONLY).message).toMatch(/ecs-tasks\.amazonaws\.com could assume kata-lambda-role\.\n\s*- statement 0 lists ecs-tasks\.amazonaws\.com as a Service principal/);
    expect(one(results, ECS_ONLY).message).toMatch(/lambda\.amazonaws\.com could assume kata-ecs-task-role\.\n\s*- statement 0 lists lambda\.amazonaws\.com as a Service principal/);
    expect(one(results, LAMBDA_ONLY).message).not.toMatch(/kata-user .*could assume|ec2\.amazonaws\.com could assume/);
  }, 120_000);

  test('sts:AssumeRoleWithWebIdentity instead of sts:AssumeRole: neither service gets in, and the action is named', async () => {
    const results = await run(fixture('wrong-solutions', 'assume-role-with-web-identity'));
    onlyFailing(results, [LAMBDA_IN, ECS_IN]);
    for (const title of [LAMBDA_IN, ECS_IN]) {
      const { message } = one(results, title);
      expect(message).toMatch(/Action sts:AssumeRoleWithWebIdentity does not match sts:AssumeRole/);
      expect(message).toContain('sts:AssumeRoleWithWebIdentity is how a user signed in with a web identity provider');
    }
  }, 120_000);

  test('Principal.Service as an array of one, and a trust policy replaced with UpdateAssumeRolePolicy, also pass', async () => {
    const results = await run(fixture('alternative-solutions', 'service-array-then-update-trust'));
    expect(results.length).toBe(5);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
