import { fixture, one, runKata } from './kata-fixtures';

const KATA = '16-private-subnet-nat';
const STARTS = /^the sample task, run in the private subnet without a public IP, starts/;
const LOGS = /^the sample task in the private subnet fetches the todo .* and logs the image details of my-repo/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);

describe('kata 16 names where a NAT gateway or its route went wrong', () => {
  test('the starter: ECS cannot pull, the private table has no route, and no NAT gateway exists yet', async () => {
    const results = await run({});
    const starts = one(results, STARTS);
    expect(starts.status).toBe('failed');
    expect(starts.message).toMatch(/^KataAssertionError: ECS could not start the sample task in the private subnet subnet-\w+: ResourceInitializationError: .*dial tcp 198\.51\.100\.10:443: i\/o timeout/);
    expect(starts.message).toMatch(/uses route table (rtb-\w+) \(explicitly associated with the subnet\), which has no route to 0\.0\.0\.0\/0/);
    expect(starts.message).toMatch(/There is no NAT gateway in VPC vpc-\w+ yet\. Allocate an Elastic IP .* in the public subnet kata-public/);
    expect(one(results, LOGS).message).toMatch(/^KataAssertionError: The sample task did not start/);
  }, 120_000);

  test('the starter in Japanese', async () => {
    const results = await run({ KATA_LANG: 'ja' });
    expect(one(results, STARTS).message).toMatch(/^KataAssertionError: ECS がプライベートサブネット subnet-\w+ でサンプルタスクを起動できませんでした/);
    expect(one(results, STARTS).message).toContain('にはまだ NAT ゲートウェイがありません');
  }, 120_000);

  test('the NAT gateway in the private subnet: the model finds it without internet, and the public subnet is named', async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'nat-gateway-in-private-subnet')), STARTS);
    expect(message).toMatch(/NAT gateway (nat-\w+) is in subnet subnet-\w+, whose route table rtb-\w+ \(explicitly associated with the subnet\) sends the traffic to \1, not to an internet gateway/);
    expect(message).toMatch(/NAT gateway nat-\w+ is in kata-private \(subnet-\w+\), the subnet it is meant to serve\. .*Create it in the public subnet kata-public/);
    expect(message).not.toMatch(/no route of VPC .* points at it|There is no NAT gateway/);
  }, 120_000);

  test('0.0.0.0/0 to the internet gateway in the private table: no public IP, so the NAT gateway is the way', async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'private-route-to-internet-gateway')), STARTS);
    expect(message).toMatch(/routes the traffic to internet gateway igw-\w+, but the task's ENI has no public IP address/);
    expect(message).toMatch(/sends 0\.0\.0\.0\/0 straight to the internet gateway\. .*assignPublicIp DISABLED/);
    expect(message).toContain('There is no NAT gateway in VPC');
  }, 120_000);

  test('a NAT gateway no route points at: the gateway and the private table are named', async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'nat-gateway-without-route')), STARTS);
    expect(message).toMatch(/uses route table (rtb-\w+) \(explicitly associated with the subnet\), which has no route to 0\.0\.0\.0\/0/);
    expect(message).toMatch(/NAT gateway nat-\w+ is in kata-public \(subnet-\w+\), but no route of VPC vpc-\w+ points at it\. .*the route table the private subnet uses \(rtb-\w+; CreateRoute with NatGatewayId\)/);
    expect(message).not.toMatch(/There is no NAT gateway/);
  }, 120_000);

  test("the NAT route put in the main (public) table: the private subnet's own table is named, and the public subnet's lost way out", async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'nat-route-in-public-table')), STARTS);
    const [, privateTable] = message.match(/uses route table (rtb-\w+) \(explicitly associated with the subnet\), which has no route/) ?? [];
    expect(privateTable).toBeDefined();
    expect(message).toMatch(new RegExp(`Route table (rtb-\\w+) \\(the table kata-public uses: the VPC's main route table\\) has the route 0\\.0\\.0\\.0/0 → nat-\\w+, but the private subnet does not use that table: it is associated with ${privateTable}`));
    expect(message).toMatch(/The public subnet's route table rtb-\w+ now sends 0\.0\.0\.0\/0 to nat-\w+, no longer to igw-\w+/);
  }, 120_000);

  test("a new route table swapped in for the private subnet's (ReplaceRouteTableAssociation) also passes", async () => {
    const results = await run(fixture('alternative-solutions', 'new-private-route-table'));
    expect(results).toHaveLength(2);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
