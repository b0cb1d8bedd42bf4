import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '12-give-the-task-a-role';
const RETURNS = /^solve\(\) returns the ARN of a kata-app task/;
const TASK_ROLE = /^the task has a task role that ECS tasks, and only they, can assume/;
const LOGS = /^the task's logs hold the image details of my-repo/;
const SCOPE = /^the task role reaches no further than my-repo/;
const ALL = [RETURNS, TASK_ROLE, LOGS, SCOPE];

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(ALL.length);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};

describe("kata 12 proves the article's exercise from the task's own logs, and names what is missing", () => {
  test('the starter runs revision 1: the logs show the todo and the credentials error, explained as "no task role, no credentials"', async () => {
    const results = await run({});
    onlyFailing(results, [TASK_ROLE, LOGS, SCOPE]);
    const logs = one(results, LOGS).message;
    expect(logs).toMatch(/^KataAssertionError: Task \w+ \(arn:aws:ecs:[a-z0-9-]+:\d{12}:task-definition\/kata-app:1\) logged no image details of my-repo with the digest the setup pushed \(imageDigest: 'sha256:[0-9a-f]{64}'\)/);
    expect(logs).toMatch(/\| \{ userId: 1, id: 1, title: 'delectus aut autem', completed: false \}\n\s+\| CredentialsProviderError: Could not load credentials from any providers/);
    expect(logs).not.toMatch(/NodeVersionSupportWarning|^\s+\| \s+at /m);
    expect(logs).toContain('sets AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
    expect(logs).toMatch(/kata-app:1 has no taskRoleArn, so the variable is not set/);
    expect(logs).toContain('The execution role ecsTaskExecutionRole does not help');
    expect(one(results, TASK_ROLE).message).toMatch(/kata-app:1, which has no task role \(no taskRoleArn\)\.\n\s*Create a role for the task/);
  }, 180_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, LOGS).message).toMatch(/^KataAssertionError: タスク \w+(.*)のログに、セットアップがプッシュしたダイジェスト/);
    expect(one(results, LOGS).message).toContain('ECS がコンテナに認証情報を渡す方法は、タスクロールだけです');
  }, 180_000);

  test('the role trusting ecs.amazonaws.com: ECS stops the task before it runs, and the IAM engine tells ECS apart from its tasks', async () => {
    const results = await run(fixture('wrong-solutions', 'trust-ecs-service'));
    onlyFailing(results, [TASK_ROLE, LOGS, SCOPE]);
    const role = one(results, TASK_ROLE).message;
    expect(role).toMatch(/The harness's IAM engine: The trust policy of role arn:aws:iam::\d{12}:role\/kata-app-task-role allows ecs\.amazonaws\.com, not ecs-tasks\.amazonaws\.com/);
    expect(role).toMatch(/So ECS stopped task \w+ before its container ran: ResourceInitializationError: ECS was unable to assume the role/);
    expect(role).toContain('that is the ECS service itself');
    expect(one(results, LOGS).message).toMatch(/ECS stopped the task before its container ran: ResourceInitializationError/);
  }, 180_000);

  test('the role given as the execution role: ECS cannot pull with it, and the two roles are told apart', async () => {
    const results = await run(fixture('wrong-solutions', 'task-role-as-execution-role'));
    onlyFailing(results, [TASK_ROLE, LOGS, SCOPE]);
    expect(one(results, TASK_ROLE).message).toMatch(/Its executionRoleArn is arn:aws:iam::\d{12}:role\/kata-app-task-role, in place of the given .*ecsTaskExecutionRole\. The execution role is ECS's own/);
    const logs = one(results, LOGS).message;
    expect(logs).toMatch(/CannotPullContainerError: .*assumed-role\/kata-app-task-role\/\w+ is not authorized to perform: ecr:BatchGetImage/);
    expect(logs).toContain('Keep executionRoleArn as revision 1 has it, and give your role as taskRoleArn');
  }, 180_000);

  test('the new revision registered but revision 1 run: the revision with the role is named', async () => {
    const results = await run(fixture('wrong-solutions', 'ran-the-first-revision'));
    onlyFailing(results, [TASK_ROLE, LOGS, SCOPE]);
    expect(one(results, TASK_ROLE).message).toMatch(/kata-app:2 names the task role arn:aws:iam::\d{12}:role\/kata-app-task-role, but the task ran from \S+kata-app:1\. RunTask runs exactly the revision it is given/);
    expect(one(results, LOGS).message).toMatch(/Could not load credentials from any providers[\s\S]*kata-app:2 does name a task role/);
  }, 180_000);

  test("the policy on my-repo in another region: the task's DescribeImages is denied, and the IAM engine names the statement", async () => {
    const results = await run(fixture('wrong-solutions', 'describe-images-in-another-region'));
    onlyFailing(results, [LOGS]);
    const logs = one(results, LOGS).message;
    expect(logs).toMatch(/\| AccessDeniedException: User: arn:aws:sts::\d{12}:assumed-role\/kata-app-task-role\/\w+ is not authorized to perform: ecr:DescribeImages/);
    expect(logs).toMatch(/Closest: statement 0 of policy describe-my-repo-images allows ecr:DescribeImages, but only on Resource arn:aws:ecr:us-east-1:\d{12}:repository\/my-repo/);
  }, 180_000);

  test('the role without a permissions policy: denied, and the role is shown with none', async () => {
    const results = await run(fixture('wrong-solutions', 'task-role-without-policy'));
    onlyFailing(results, [LOGS]);
    const logs = one(results, LOGS).message;
    expect(logs).toMatch(/it has no identity-based policy, so nothing allows the call/);
    expect(logs).toContain('Role kata-app-task-role has no permissions policy (inline or attached).');
  }, 180_000);

  test("Resource '*': the task gets its image details, but the role could read other-repo too", async () => {
    const results = await run(fixture('wrong-solutions', 'describe-images-on-every-repository'));
    onlyFailing(results, [SCOPE]);
    const scope = one(results, SCOPE).message;
    expect(scope).toMatch(/could call ecr:DescribeImages on other-repo\./);
    expect(scope).not.toContain('ecr:BatchDeleteImage on my-repo');
    expect(scope).toContain('"Resource":"*"');
  }, 180_000);

  test('an inline policy, a revision written in full, and solve() waiting for the task also pass', async () => {
    const results = await run(fixture('alternative-solutions', 'inline-policy-and-fresh-revision'));
    expect(results).toHaveLength(ALL.length);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 180_000);
});
