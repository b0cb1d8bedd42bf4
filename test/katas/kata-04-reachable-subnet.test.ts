import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '04-reachable-subnet';
const STARTS = /^the sample task still starts/;
const FETCHES = /^the sample task, run with a public IP in the subnet, fetches the todo/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);

describe('kata 04 shows the hop a solution leaves out', () => {
  test('the starter: the task starts, its fetch times out, and the message names the main route table with no route to 0.0.0.0/0', async () => {
    const results = await run({});
    expect(one(results, STARTS).status).toBe('passed');
    const fetches = one(results, FETCHES);
    expect(fetches.status).toBe('failed');
    expect(fetches.message).toMatch(/^KataAssertionError: /);
    expect(fetches.message).toMatch(/NO_ROUTE_TO_DESTINATION at rtb-/);
    expect(fetches.message).toMatch(/uses route table rtb-\w+ \(the VPC's main route table\), which has no route to 0\.0\.0\.0\/0/);
    expect(fetches.message).toContain('connect ETIMEDOUT 203.0.113.10:443');
    expect(fetches.message).toContain('There is no internet gateway in the account yet');
  }, 120_000);

  test('a route table with the route but no association: the table is named as not associated with the subnet', async () => {
    const results = await run(fixture('wrong-solutions', 'route-table-not-associated'));
    expect(one(results, STARTS).status).toBe('passed');
    const fetches = one(results, FETCHES);
    expect(fetches.status).toBe('failed');
    expect(fetches.message).toMatch(/Route table (rtb-\w+) has a route 0\.0\.0\.0\/0 → igw-\w+, but subnet subnet-\w+ does not use that table: \1 is not associated with the subnet/);
    expect(fetches.message).toMatch(/AssociateRouteTable/);
    expect(fetches.message).not.toMatch(/not attached/);
  }, 120_000);

  test('an internet gateway never attached: the gateway is named as not attached to any VPC', async () => {
    const results = await run(fixture('wrong-solutions', 'internet-gateway-not-attached'));
    const messages = results.map((result) => result.failureMessages.join('\n')).join('\n');
    expect(results.every((result) => result.status === 'failed')).toBe(true);
    expect(messages).toMatch(/internet gateway (igw-\w+), but it is not attached to any VPC\. Attach \1 to (vpc-\w+) \(AttachInternetGateway\)/);
    expect(messages).not.toMatch(/is not associated with the subnet/);
  }, 120_000);

  test('an internet gateway attached to the default VPC: both VPCs are named', async () => {
    const results = await run(fixture('wrong-solutions', 'internet-gateway-in-default-vpc'));
    const messages = results.map((result) => result.failureMessages.join('\n')).join('\n');
    expect(results.every((result) => result.status === 'failed')).toBe(true);
    const [, attachedTo, given] = messages.match(/but it is attached to (vpc-\w+), not to (vpc-\w+)\./) ?? [];
    expect(attachedTo).toBeDefined();
    expect(attachedTo).not.toBe(given);
    expect(messages).not.toMatch(/not attached to any VPC/);
  }, 120_000);

  test('a new route table associated without the route: ECS loses its S3 path, and the unused gateway is named', async () => {
    const results = await run(fixture('wrong-solutions', 'route-table-without-route'));
    const starts = one(results, STARTS);
    expect(starts.status).toBe('failed');
    expect(starts.message).toMatch(/^KataAssertionError: ECS could not start the sample task/);
    expect(starts.message).toMatch(/s3\.[a-z0-9-]+\.amazonaws\.com: Subnet subnet-\w+ uses route table rtb-\w+ \(explicitly associated with the subnet\), which has no route to 0\.0\.0\.0\/0/);
    expect(starts.message).toMatch(/Internet gateway (igw-\w+) is attached to vpc-\w+, but no route of VPC vpc-\w+ points at it/);
    expect(one(results, FETCHES).status).toBe('failed');
  }, 120_000);

  test('the route in the main route table instead of a new associated one also passes', async () => {
    const results = await run(fixture('alternative-solutions', 'route-in-main-table'));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
