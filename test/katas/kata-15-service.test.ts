import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '15-service';
const SERVICE = /^kata-svc is a service of the given cluster/;
const TWO_TASKS = /^kata-svc starts 2 tasks of the given task definition on Fargate/;
const REPLACED = /^when the one-shot sample exits, kata-svc starts replacements/;
const NOTHING_LEFT = /^scaled to 0 and deleted, kata-svc leaves nothing of the account running/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);
const wrong = (name: string) => run(fixture('wrong-solutions', name));

/** Exactly the rules `failing` fail; the others pass. */
function onlyFailing(results: KataTestResult[], failing: RegExp[]): void {
  expect(results).toHaveLength(4);
  for (const result of results) {
    expect([result.title, result.status]).toEqual([result.title, failing.some((rule) => rule.test(result.title)) ? 'failed' : 'passed']);
  }
}

/**
 * ECS refused the CreateService: solve() threw ECS's InvalidParameterException, so every rule fails
 * with it, listing the calls; the refused call carries the explanation. Returns the message.
 */
function solveThrew(results: KataTestResult[], ecsSays: string): string {
  onlyFailing(results, [SERVICE, TWO_TASKS, REPLACED, NOTHING_LEFT]);
  const messages = new Set(results.map((result) => result.failureMessages.join('\n')));
  expect(messages.size).toBe(1);
  const [message] = messages;
  expect(message.startsWith(`KataSolveError: solve() threw InvalidParameterException: ${ecsSays}`)).toBe(true);
  expect(message).toContain(`ecs CreateService → 400 InvalidParameterException\n      ${ecsSays} `);
  return message;
}

describe('kata 15 names what keeps a service from keeping two tasks running', () => {
  test('the starter: no service, and every rule says so', async () => {
    const results = await run({});
    onlyFailing(results, [SERVICE, TWO_TASKS, REPLACED, NOTHING_LEFT]);
    expect(one(results, SERVICE).message).toMatch(/^KataAssertionError: DescribeServices finds no service kata-svc in cluster my-cluster\. Create it with CreateServiceCommand/);
    expect(one(results, NOTHING_LEFT).message).toMatch(/There is no service kata-svc to scale to 0 and delete/);
  }, 120_000);

  test('desiredCount 1: only the two-tasks rule fails, and names the count', async () => {
    const results = await wrong('service-desired-count-1');
    onlyFailing(results, [TWO_TASKS]);
    expect(one(results, TWO_TASKS).message).toMatch(/kata-svc has desiredCount 1; the kata asks for 2 tasks running at once/);
    expect(one(results, TWO_TASKS).message).toMatch(/\| \(service kata-svc\) has started 1 tasks: \(task \w+\)\./);
  }, 120_000);

  test('no public IP in the public subnet: the tasks never run, and the network model says why', async () => {
    const results = await wrong('service-public-ip-disabled');
    onlyFailing(results, [TWO_TASKS, REPLACED]);
    const { message } = one(results, TWO_TASKS);
    expect(message).toMatch(/task \w+ and \w+: stopped before it ran: ResourceInitializationError: unable to pull secrets or registry auth/);
    expect(message).toMatch(/api\.ecr\.[a-z0-9-]+\.amazonaws\.com.*: Subnet subnet-\w+ routes the traffic to internet gateway igw-\w+, but the task's ENI has no public IP address/);
    expect(message).toContain('assignPublicIp DISABLED');
    expect(one(results, REPLACED).message).toMatch(/did not all run and then exit on their own/);
  }, 120_000);

  test('no networkConfiguration: ECS refuses the CreateService, and the refused call asks for the awsvpc configuration', async () => {
    const message = solveThrew(await wrong('service-without-network'), "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    expect(message).toMatch(/has networkMode awsvpc: each task of the service gets its own network interface in a subnet, so the service must say which\. Pass networkConfiguration: \{ awsvpcConfiguration: /);
  }, 120_000);

  test('launchType EC2 with a public IP: ECS refuses the CreateService, and the refused call explains container instances', async () => {
    const message = solveThrew(await wrong('service-launch-type-ec2'), 'Assign public IP is not supported for this launch type.');
    expect(message).toMatch(/The service's launch type is EC2, and assignPublicIp is ENABLED: only Fargate gives a task's network interface a public IP\. An EC2 service also needs EC2 container instances/);
  }, 120_000);

  test('launchType EC2 without a public IP: the service is created, and its events say no container instance was found', async () => {
    const results = await wrong('service-launch-type-ec2-without-public-ip');
    onlyFailing(results, [TWO_TASKS, REPLACED]);
    const { message } = one(results, TWO_TASKS);
    expect(message).toMatch(/The service has launchType EC2: ECS then places its tasks on EC2 container instances registered in the cluster, and my-cluster has none/);
    expect(message).toContain('| (service kata-svc) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.');
    expect(one(results, REPLACED).message).toMatch(/kata-svc has started no task, so there is nothing to replace/);
  }, 120_000);

  test('a service named otherwise: the account\'s service is named, as not found and as still running', async () => {
    const results = await wrong('service-named-otherwise');
    onlyFailing(results, [SERVICE, TWO_TASKS, REPLACED, NOTHING_LEFT]);
    expect(one(results, SERVICE).message).toMatch(/no service kata-svc in cluster my-cluster\. The account's services: my-service \(cluster my-cluster\)/);
    expect(one(results, NOTHING_LEFT).message).toMatch(/keep their tasks running until they are scaled to 0: my-service \(cluster my-cluster\)/);
  }, 120_000);

  test('RunTask with count 2 instead of a service: the message says RunTask does not replace what exits', async () => {
    const results = await wrong('run-task-count-2');
    onlyFailing(results, [SERVICE, TWO_TASKS, REPLACED, NOTHING_LEFT]);
    expect(one(results, SERVICE).message).toMatch(/Your solve\(\) called RunTask: RunTask starts tasks once, and when the one-shot sample exits nobody starts it again/);
  }, 120_000);

  test('Fargate by capacity provider strategy, created at 0 and scaled to 2 with UpdateService, also passes', async () => {
    const results = await run(fixture('alternative-solutions', 'capacity-provider-then-scale-up'));
    expect(results.length).toBe(4);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
