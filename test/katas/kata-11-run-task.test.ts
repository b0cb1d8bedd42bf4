import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '11-run-task';
const RETURNS = /^solve\(\) returns the ARN of a task of the given kata-app revision/;
const STOPPED = /^the task had stopped when solve\(\) returned/;
const FETCHED = /^the task fetched the todo from the public subnet/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
/** Exactly the rules matching `titles` fail; every other rule passes. */
const onlyFailing = (results: KataTestResult[], titles: RegExp[]) => {
  expect(results).toHaveLength(3);
  for (const result of results) {
    expect(`${result.title}: ${result.status}`).toBe(`${result.title}: ${titles.some((title) => title.test(result.title)) ? 'failed' : 'passed'}`);
  }
};

describe('kata 11 tells a task that never got out from one returned too early', () => {
  test('the starter: solve() returns no task ARN, and every rule says so', async () => {
    const results = await run({});
    onlyFailing(results, [RETURNS, STOPPED, FETCHED]);
    expect(one(results, RETURNS).message).toMatch(/^KataAssertionError: solve\(\) returned "", not a task ARN/);
    expect(one(results, FETCHED).message).toMatch(/^KataAssertionError: There is no task to check/);
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, RETURNS).message).toMatch(/^KataAssertionError: solve\(\) の戻り値が "" で、タスクの ARN/);
  }, 120_000);

  test('no public IP: ECS cannot pull the image, and the network model and the missing public IP are named', async () => {
    const results = await run(fixture('wrong-solutions', 'no-public-ip'));
    onlyFailing(results, [FETCHED]);
    const { message } = one(results, FETCHED);
    expect(message).toMatch(/^KataAssertionError: ECS could not start task \w+: ResourceInitializationError: unable to pull secrets or registry auth/);
    expect(message).toMatch(/the task's ENI has no public IP address, and an internet gateway only carries traffic from interfaces that have one/);
    expect(message).toMatch(/The task had no public IP: RunTask's awsvpcConfiguration had assignPublicIp DISABLED/);
  }, 120_000);

  test('returned right after RunTask: only the STOPPED rule fails, with the status the task had', async () => {
    const results = await run(fixture('wrong-solutions', 'returns-while-running'));
    onlyFailing(results, [STOPPED]);
    const { message } = one(results, STOPPED);
    expect(message).toMatch(/When solve\(\) returned, DescribeTasks said task \w+ was (PROVISIONING|PENDING|RUNNING|DEPROVISIONING) \(desired \w+\), not STOPPED/);
    expect(message).toContain('Your solve() never called DescribeTasks.');
    expect(message).toContain('waitUntilTasksStopped');
  }, 120_000);

  test('no launchType: RunTask is refused as an EC2 launch, and solve() fails saying so', async () => {
    const results = await run(fixture('wrong-solutions', 'no-launch-type'));
    expect(results.every((result) => result.status === 'failed')).toBe(true);
    expect(one(results, RETURNS).message).toMatch(/solve\(\) threw InvalidParameterException: .*launch type EC2 \(no launchType and no capacityProviderStrategy\).*Call RunTask with launchType FARGATE/);
  }, 120_000);

  test('the FARGATE capacity provider and the SDK waiter also pass', async () => {
    const results = await run(fixture('alternative-solutions', 'fargate-capacity-provider-waiter'));
    expect(results).toHaveLength(3);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
