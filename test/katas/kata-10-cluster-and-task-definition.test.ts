import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '10-cluster-and-task-definition';
const CLUSTER = /^kata-cluster is an ACTIVE ECS cluster/;
const RETURNS = /^solve\(\) returns the ARN of a registered kata-app task definition/;
const STARTS = /^a task of kata-app starts in kata-cluster/;
const SIZE = /^the task runs with 256 CPU units and 512 MiB/;
const LOGS = /^its logs arrive in \/ecs\/kata-app/;
const ALL = [CLUSTER, RETURNS, STARTS, SIZE, LOGS];

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(ALL.length);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};
/**
 * ECS refused the task definition at RegisterTaskDefinition: solve() threw ECS's ClientException,
 * so every rule fails with it, listing the calls made; the refused call carries the explanation.
 * Returns the message.
 */
const solveThrew = (results: KataTestResult[], ecsSays: string): string => {
  onlyFailing(results, ALL);
  const messages = new Set(results.map((result) => result.failureMessages.join('\n')));
  expect(messages.size).toBe(1);
  const [message] = messages;
  expect(message.startsWith(`KataSolveError: solve() threw ClientException: ${ecsSays}`)).toBe(true);
  expect(message).toMatch(/ecs CreateCluster → 200[^]*\d+\. ecs RegisterTaskDefinition → 400 ClientException\n/);
  expect(message).toContain(`RegisterTaskDefinition → 400 ClientException\n      ${ecsSays} `);
  return message;
};
/** The rules that need a task that ran say so, and nothing else. */
const noTaskRan = (results: KataTestResult[]) => {
  for (const title of [SIZE, LOGS]) expect(one(results, title).message).toMatch(/^KataAssertionError: No task of kata-app ran \(see the rule 'a task of kata-app starts …'\)/);
};

describe('kata 10 runs a task of the learner\'s definition, and names what ECS refused or where the logs went', () => {
  test('the starter: no cluster, no definition, and every rule says what to make', async () => {
    const results = await run({});
    onlyFailing(results, ALL);
    expect(one(results, CLUSTER).message).toMatch(/^KataAssertionError: DescribeClusters finds no ACTIVE cluster kata-cluster; the account's clusters: my-cluster \(my-cluster is the setup's\)\. .*CreateClusterCommand/);
    expect(one(results, RETURNS).message).toMatch(/^KataAssertionError: solve\(\) returned "", not a task definition ARN\. Register kata-app with RegisterTaskDefinitionCommand/);
    for (const title of [STARTS, SIZE, LOGS]) expect(one(results, title).message).toMatch(/^KataAssertionError: There is no task definition to run/);
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, CLUSTER).message).toMatch(/^KataAssertionError: DescribeClusters で ACTIVE なクラスター kata-cluster が見つかりません/);
    expect(one(results, RETURNS).message).toMatch(/^KataAssertionError: solve\(\) の戻り値が "" で、タスク定義の ARN ではありません/);
  }, 120_000);

  test("512 CPU units with 512 MiB: RegisterTaskDefinition refuses it with ECS's words, so solve() throws; the refused call names the valid sizes", async () => {
    const results = await run(fixture('wrong-solutions', 'fargate-cpu-512-memory-512'));
    const message = solveThrew(results, 'No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.');
    expect(message).toContain('With 512 CPU units Fargate accepts memory 1024, 2048, 3072 or 4096 MiB. Fargate sizes (CPU units: memory MiB): 256: 512/1024/2048; 512: 1024–4096 step 1024;');
    expect(message).toContain('Give the task definition a cpu and a memory from one row.');
  }, 120_000);

  test('a valid size but 2048 MiB: the task runs and logs, and only the size rule fails', async () => {
    const results = await run(fixture('wrong-solutions', 'memory-2048'));
    onlyFailing(results, [SIZE]);
    expect(one(results, SIZE).message).toMatch(/^KataAssertionError: The task ran with 256 CPU units and 2048 MiB \(DescribeTasks\)/);
  }, 120_000);

  test("no execution role: RegisterTaskDefinition refuses awslogs without one, so solve() throws; the refused call says what the role is for", async () => {
    const results = await run(fixture('wrong-solutions', 'no-execution-role'));
    const message = solveThrew(results, 'Fargate requires task definition to have execution role ARN to support log driver awslogs.');
    expect(message).toContain('Container "app" logs with awslogs, and the task definition has no executionRoleArn. ECS itself, not the container, writes the log stream');
    expect(message).toContain('Set executionRoleArn to the ARN of such a role');
  }, 120_000);

  test('the log group left out: the task fails to start with ResourceInitializationError, and the missing group is named', async () => {
    const results = await run(fixture('wrong-solutions', 'log-group-not-created'));
    onlyFailing(results, [STARTS, SIZE, LOGS]);
    const { message } = one(results, STARTS);
    expect(message).toMatch(/ECS could not start the task of .*kata-app:1: ResourceInitializationError: failed to validate logger args: .*The specified log group does not exist/);
    expect(message).toContain("The log group /ecs/kata-app (awslogs-group) does not exist. The awslogs driver creates the task's log stream, not the group");
    noTaskRan(results);
  }, 120_000);

  test('the container named after the family: the task runs, and the logs rule names the stream its output went to', async () => {
    const results = await run(fixture('wrong-solutions', 'container-named-after-family'));
    onlyFailing(results, [LOGS]);
    const { message } = one(results, LOGS);
    const [, expected, actual] = message.match(/has no stream ecs\/app\/(\w+)\.[^]*- \/ecs\/kata-app: ecs\/kata-app\/(\w+)/) ?? [];
    expect(expected).toBeDefined();
    expect(actual).toBe(expected);
    expect(message).toContain("the container is named 'kata-app'; the kata's container is 'app'");
    expect(message).not.toContain('awslogs-stream-prefix is');
  }, 120_000);

  test("the size as '.25 vCPU' / '0.5 GB' and a log group with a retention policy also pass", async () => {
    const results = await run(fixture('alternative-solutions', 'vcpu-strings-log-retention'));
    expect(results).toHaveLength(ALL.length);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
