import type { KataTestResult } from './jest-report';
import { fixture, one, runKata } from './kata-fixtures';

const KATA = '05-security-group';
const GROUP = /^kata-task-sg is a security group of the given VPC/;
const FETCHES = /^the sample task, run with only kata-task-sg and a public IP, still fetches the todo/;
const PORT_80 = /^TCP 80 out to the internet is refused by kata-task-sg/;
const INBOUND = /^nothing can come in: kata-task-sg has no inbound rule/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);

describe('kata 05 names the rule a security group gets wrong', () => {
  test('the starter: solve() returns no group id, and every rule says so', async () => {
    const results = await run({});
    expect(results).toHaveLength(4);
    expect(results.every((result) => result.status === 'failed')).toBe(true);
    expect(one(results, GROUP).message).toMatch(/^KataAssertionError: solve\(\) returned "", not a security group id/);
    expect(one(results, INBOUND).message).toMatch(/There is no usable group to check/);
  }, 120_000);

  test('the default allow-all egress kept: the task fetches, but TCP 80 gets out through the default rule', async () => {
    const results = await run(fixture('wrong-solutions', 'default-egress-kept'));
    expect(one(results, GROUP).status).toBe('passed');
    expect(one(results, FETCHES).status).toBe('passed');
    expect(one(results, INBOUND).status).toBe('passed');
    const port80 = one(results, PORT_80);
    expect(port80.status).toBe('failed');
    expect(port80.message).toMatch(/can open TCP 80 to jsonplaceholder\.typicode\.com \(203\.0\.113\.10\); the harness's model of the VPC lets it through: .*sg-\w+ → .*igw-\w+/);
    expect(port80.message).toMatch(/- all traffic to 0\.0\.0\.0\/0/);
    expect(port80.message).toMatch(/the rule every new security group starts with\. .*RevokeSecurityGroupEgress/);
  }, 120_000);

  test('egress TCP 80 instead of 443: ECS cannot pull, the model names the group, and port 80 gets out', async () => {
    const results = await run(fixture('wrong-solutions', 'egress-port-80'));
    expect(one(results, GROUP).status).toBe('passed');
    expect(one(results, INBOUND).status).toBe('passed');
    const fetches = one(results, FETCHES);
    expect(fetches.status).toBe('failed');
    expect(fetches.message).toMatch(/^KataAssertionError: ECS could not start the sample task with security group (sg-\w+)/);
    expect(fetches.message).toMatch(/api\.ecr\.[a-z0-9-]+\.amazonaws\.com: No outbound rule of the task's security group sg-\w+ allows TCP 443/);
    expect(fetches.message).toMatch(/- tcp 80 to 0\.0\.0\.0\/0/);
    const port80 = one(results, PORT_80);
    expect(port80.status).toBe('failed');
    expect(port80.message).toMatch(/- tcp 80 to 0\.0\.0\.0\/0\n.*The sample needs only HTTPS/);
  }, 120_000);

  test('SSH left open to the internet: only the inbound rule fails, and names the rule', async () => {
    const results = await run(fixture('wrong-solutions', 'ssh-open-inbound'));
    expect(one(results, GROUP).status).toBe('passed');
    expect(one(results, FETCHES).status).toBe('passed');
    expect(one(results, PORT_80).status).toBe('passed');
    const inbound = one(results, INBOUND);
    expect(inbound.status).toBe('failed');
    expect(inbound.message).toMatch(/Security group sg-\w+ \(kata-task-sg\) lets traffic in:\n\s+- tcp 22 from 0\.0\.0\.0\/0/);
    expect(inbound.message).toMatch(/stateful.*RevokeSecurityGroupIngress/);
  }, 120_000);

  test('the group created in the default VPC: both VPCs are named', async () => {
    const results = await run(fixture('wrong-solutions', 'security-group-in-default-vpc'));
    expect(results.every((result) => result.status === 'failed')).toBe(true);
    const [, groupVpc, given] = one(results, GROUP).message.match(/is in VPC (vpc-\w+), not in the given VPC (vpc-\w+)\./) ?? [];
    expect(groupVpc).toBeDefined();
    expect(groupVpc).not.toBe(given);
    expect(one(results, GROUP).message).toMatch(/CreateSecurityGroup without VpcId puts the group in the default VPC/);
  }, 120_000);

  test("existing egress revoked as read back, and HTTPS allowed as IpProtocol '6', also passes", async () => {
    const results = await run(fixture('alternative-solutions', 'egress-by-protocol-number'));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
