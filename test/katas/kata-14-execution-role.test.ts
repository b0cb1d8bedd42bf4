import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '14-execution-role';
const REVISION = /^solve\(\) returns a new kata-app revision whose execution role is kata-execution-role/;
const ASSUMED = /^ECS tasks \(ecs-tasks\.amazonaws\.com\) can assume kata-execution-role/;
const STARTS = /^the given revision's task stops with ECS's pull error, and the new revision's task starts/;
const LOGS = /^the new revision's task sends its logs to \/ecs\/kata-app/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(4);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};

describe('kata 14 runs the revision without an execution role and the one with it, and names the slip', () => {
  test("the starter: no role, no revision; the given revision's task shows ECS's pull error", async () => {
    const results = await run({});
    onlyFailing(results, [REVISION, ASSUMED, STARTS, LOGS]);
    expect(one(results, REVISION).message).toMatch(/^KataAssertionError: There is no role kata-execution-role in account \d{12}\. Create it with CreateRoleCommand/);
    const starts = one(results, STARTS).message;
    expect(starts).toMatch(/^KataAssertionError: The given revision's task stopped: CannotPullContainerError: .*no basic auth credentials \(the task definition has no executionRoleArn/);
    expect(starts).toMatch(/There is no new revision to run .*solve\(\) returned "", not a task definition ARN/);
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, REVISION).message).toMatch(/^KataAssertionError: アカウント \d{12} にロール kata-execution-role がありません/);
  }, 120_000);

  test('a trust policy naming ecs.amazonaws.com: ECS cannot assume the role, and ECS itself is told apart from its tasks', async () => {
    const results = await run(fixture('wrong-solutions', 'execution-role-trusts-ecs-service'));
    onlyFailing(results, [ASSUMED, STARTS, LOGS]);
    expect(one(results, ASSUMED).message).toMatch(/allows ecs\.amazonaws\.com, not ecs-tasks\.amazonaws\.com[\s\S]*that is the ECS service itself/);
    const starts = one(results, STARTS).message;
    expect(starts).toMatch(/did not start either: ResourceInitializationError: .*ECS was unable to assume the role 'arn:aws:iam::\d{12}:role\/kata-execution-role'/);
    expect(starts).not.toMatch(/Permissions policies of kata-execution-role/);
  }, 120_000);

  test("no permissions policy: ECS's pull is denied, with the IAM engine's explanation and the role's (empty) policies", async () => {
    const results = await run(fixture('wrong-solutions', 'execution-role-without-policy'));
    onlyFailing(results, [STARTS, LOGS]);
    const starts = one(results, STARTS).message;
    expect(starts).toMatch(/did not start either: CannotPullContainerError: .*AccessDeniedException: .*not authorized to perform: ecr:BatchGetImage/);
    expect(starts).toMatch(/ECS's ecr:BatchGetImage as kata-execution-role was denied \(AccessDeniedException\)\. The harness's IAM engine: Role session .* it has no identity-based policy/);
    expect(starts).toMatch(/Permissions policies of kata-execution-role now: \(none\)\. .*AmazonECSTaskExecutionRolePolicy/);
  }, 120_000);

  test('the role as taskRoleArn: RegisterTaskDefinition refuses awslogs without an execution role, so solve() throws, and the refused call tells the two roles apart', async () => {
    const results = await run(fixture('wrong-solutions', 'execution-role-as-task-role'));
    onlyFailing(results, [REVISION, ASSUMED, STARTS, LOGS]);
    const message = one(results, REVISION).message;
    expect(message).toMatch(/^KataSolveError: solve\(\) threw ClientException: Fargate requires task definition to have execution role ARN to support log driver awslogs\./);
    expect(message).toMatch(/ecs RegisterTaskDefinition → 400 ClientException\n\s+Fargate requires task definition .*taskRoleArn \(arn:aws:iam::\d{12}:role\/kata-execution-role\) does not stand in for it: the task role is what the containers' own AWS calls use\./);
  }, 120_000);

  test('the role but no logConfiguration: the task runs, and only the logs rule fails, naming the missing awslogs', async () => {
    const results = await run(fixture('wrong-solutions', 'revision-without-logs'));
    onlyFailing(results, [LOGS]);
    expect(one(results, LOGS).message).toMatch(/The container app of arn:aws:ecs:[^ ]+:task-definition\/kata-app:2 has no logConfiguration, so its output went nowhere/);
  }, 120_000);

  test('an inline policy scoped to the repository and log group, and a revision copied with DescribeTaskDefinition, also pass', async () => {
    const results = await run(fixture('alternative-solutions', 'inline-policy-copied-revision'));
    expect(results).toHaveLength(4);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
