import { fixture, one, runKata } from './kata-fixtures';

const KATA = '17-vpc-endpoints';
const STARTS = /^the task starts in the isolated subnet/;
const IMAGES = /^the task logs the image details of my-repo/;
const OFFLINE = /^the task's todo fetch from .* still fails/;

const run = (env: NodeJS.ProcessEnv) => runKata(KATA, env);

describe('kata 17 names the VPC endpoint a solution leaves out or gets wrong', () => {
  test('the starter: ECS cannot pull, and each of the four endpoints is named as missing, with what it is for', async () => {
    const results = await run({});
    expect(results).toHaveLength(3);
    const { status, message } = one(results, STARTS);
    expect(status).toBe('failed');
    expect(message).toMatch(/^KataAssertionError: ECS could not start the task in the isolated subnet subnet-\w+: ResourceInitializationError: .*dial tcp 198\.51\.100\.10:443/);
    for (const service of ['ecr.api', 'ecr.dkr', 's3', 'logs']) expect(message).toContain(`There is no VPC endpoint for com.amazonaws.ap-northeast-1.${service}:`);
    expect(one(results, IMAGES).message).toMatch(/^KataAssertionError: The task did not start/);
    expect(one(results, OFFLINE).message).toMatch(/^KataAssertionError: The task did not start/);
  }, 120_000);

  test('the starter in Japanese', async () => {
    const { message } = one(await run({ KATA_LANG: 'ja' }), STARTS);
    expect(message).toMatch(/^KataAssertionError: ECS が隔離されたサブネット subnet-\w+ でタスクを起動できませんでした/);
    expect(message).toContain('com.amazonaws.ap-northeast-1.s3 の VPC エンドポイントがありません。ECR はイメージのレイヤーを S3 に置くため');
  }, 120_000);

  test('no S3 gateway endpoint: the pull fails at S3, and the layers are said to come from S3', async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'no-s3-gateway-endpoint')), STARTS);
    expect(message).toMatch(/- s3\.ap-northeast-1\.amazonaws\.com: Subnet subnet-\w+ uses route table (rtb-\w+) \(the VPC's main route table\), which has no route/);
    expect(message).toMatch(/There is no VPC endpoint for com\.amazonaws\.ap-northeast-1\.s3: ECR keeps the image's layers in S3.* with the route table the subnet uses, rtb-\w+ \(RouteTableIds\)/);
    expect(message).not.toMatch(/no VPC endpoint for com\.amazonaws\.ap-northeast-1\.(ecr|logs)/);
  }, 120_000);

  test("an endpoint group that allows 443 out but nothing in: the model names the group, and its rules are shown", async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'endpoint-group-without-https-in')), STARTS);
    expect(message).toMatch(/the endpoint's security group (sg-\w+) allows no inbound HTTPS \(TCP 443\) from the task/);
    expect(message).toMatch(/The endpoints' security group sg-\w+ \(endpoints\) has inbound rules: \(none\); outbound rules: .*tcp 443 to 10\.0\.0\.0\/16\. The task opens the connection and the endpoint receives it/);
    expect(message).not.toMatch(/There is no VPC endpoint/);
  }, 120_000);

  test('interface endpoints without private DNS: the names still resolve to the internet, and each endpoint is named', async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'private-dns-disabled')), STARTS);
    expect(message).toMatch(/Interface endpoint vpce-\w+ is not used: its private DNS is off, so ecr\.api's regional name still resolves to the public endpoint/);
    expect(message).toMatch(/Interface endpoint\(s\) vpce-\w+ \(ecr\.api\), vpce-\w+ \(ecr\.dkr\), vpce-\w+ \(logs\) have private DNS off\./);
    expect(message).not.toMatch(/There is no VPC endpoint/);
  }, 120_000);

  test('no logs endpoint: the image is pulled, awslogs cannot start, and only the logs endpoint is named', async () => {
    const { message } = one(await run(fixture('wrong-solutions', 'no-logs-endpoint')), STARTS);
    expect(message).toMatch(/ResourceInitializationError: failed to validate logger args: .*logs\.ap-northeast-1\.amazonaws\.com/);
    expect(message).toMatch(/There is no VPC endpoint for com\.amazonaws\.ap-northeast-1\.logs: CloudWatch Logs, where awslogs writes/);
    expect(message).not.toMatch(/- (api|dkr)\.ecr\.|- s3\./);
  }, 120_000);

  test('a NAT gateway instead of endpoints: the task works, but reaches the internet, and only that rule fails', async () => {
    const results = await run(fixture('wrong-solutions', 'nat-gateway-instead-of-endpoints'));
    expect(one(results, STARTS).status).toBe('passed');
    expect(one(results, IMAGES).status).toBe('passed');
    const offline = one(results, OFFLINE);
    expect(offline.status).toBe('failed');
    expect(offline.message).toMatch(/The task reached https:\/\/jsonplaceholder\.typicode\.com\/todos\/1: .* through NAT gateway nat-\w+ and internet gateway igw-\w+/);
  }, 120_000);

  test("the endpoints' group allowing the task's group, and S3's route table added afterwards, also pass", async () => {
    const results = await run(fixture('alternative-solutions', 'endpoint-group-from-task-group'));
    expect(results).toHaveLength(3);
    expect(results.filter((result) => result.status !== 'passed').map((result) => `${result.title}\n${result.failureMessages.join('\n')}`)).toEqual([]);
  }, 120_000);
});
