import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, GetLogEventsCommand, type OutputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  createLogShipper,
  validateAwsLogsConfiguration,
  type LogConfiguration,
  type LogShipperError,
} from '../../harness/ecs-agent/log-shipper';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials } from '../../harness/runner/clients';
import { accountCalls, newAccount } from '../../harness/runner/control-api';

const cloud = currentLocalCloud();
const region = cloud.region;
const toDestroy: (() => void)[] = [];
afterAll(() => toDestroy.forEach((destroy) => destroy()));

/** CloudWatch Logs of a fresh account, as its root, through the gateway. */
async function freshLogs(): Promise<CloudWatchLogsClient> {
  return (await freshAccount()).clients.logs;
}

async function freshAccount() {
  const accountId = await newAccount(cloud.gatewayUrl);
  const clients = createClients({ endpoint: cloud.gatewayUrl, region, credentials: rootCredentials(accountId) });
  toDestroy.push(() => destroyClients(clients));
  return { accountId, clients };
}

/** CloudWatch Logs as a session of a role with the given policy, the way the agent signs for an execution role. */
async function logsAsRole({ accountId, clients }: Awaited<ReturnType<typeof freshAccount>>, policy: object): Promise<CloudWatchLogsClient> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] };
  await clients.iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'logs', PolicyDocument: JSON.stringify(policy) }));
  const { Credentials } = await clients.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/exec`, RoleSessionName: 'task' }));
  const logs = new CloudWatchLogsClient({
    endpoint: cloud.gatewayUrl,
    region,
    maxAttempts: 1,
    credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
  });
  toDestroy.push(() => logs.destroy());
  return logs;
}

const awslogs = (group: string, extra: Record<string, string> = {}): LogConfiguration => ({
  logDriver: 'awslogs',
  options: { 'awslogs-group': group, 'awslogs-region': region, 'awslogs-stream-prefix': 'ecs', ...extra },
});

/** Every message of a stream, oldest first, following GetLogEvents' forward tokens. */
async function messages(logs: CloudWatchLogsClient, logGroupName: string, logStreamName: string): Promise<string[]> {
  const events: OutputLogEvent[] = [];
  let nextToken: string | undefined;
  for (;;) {
    const page = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName, startFromHead: true, nextToken }));
    events.push(...(page.events ?? []));
    if (!page.nextForwardToken || page.nextForwardToken === nextToken || (page.events ?? []).length === 0) break;
    nextToken = page.nextForwardToken;
  }
  return events.map((event) => event.message!);
}

const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('awslogs log shipper', () => {
  test('lines split across chunks arrive whole and in order in prefix/container/task-id; stdout and stderr both arrive', async () => {
    const logs = await freshLogs();
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/sample' }));
    const errors: LogShipperError[] = [];
    const timersBefore = activeTimers();
    const shipper = createLogShipper({
      logConfiguration: awslogs('/ecs/sample'),
      containerName: 'app',
      taskId: '0123456789abcdef0123456789abcdef',
      client: logs,
      onError: (error) => errors.push(error),
    });
    expect(shipper.logStreamName).toBe('ecs/app/0123456789abcdef0123456789abcdef');

    shipper.write('stdout', '{"userId": 1,\n"id": 1, "ti');
    shipper.write('stdout', Buffer.from('tle": "delectus"'));
    shipper.write('stdout', Buffer.from('}\n'));
    shipper.write('stderr', 'CredentialsProviderError: Could not load credentials from any providers\n');
    // A multi-byte character split between two Buffers still arrives whole.
    const japanese = Buffer.from('ログ出力\n');
    shipper.write('stdout', japanese.subarray(0, 4));
    shipper.write('stdout', japanese.subarray(4));
    shipper.write('stdout', '');
    shipper.write('stdout', Buffer.alloc(0));
    shipper.write('stdout', 'last line without newline');
    await shipper.close();

    expect(errors).toEqual([]);
    await expect(messages(logs, '/ecs/sample', 'ecs/app/0123456789abcdef0123456789abcdef')).resolves.toEqual([
      '{"userId": 1,',
      '"id": 1, "title": "delectus"}',
      'CredentialsProviderError: Could not load credentials from any providers',
      'ログ出力',
      'last line without newline',
    ]);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  });

  test('more than 10,000 lines arrive complete, in order, in several PutLogEvents batches', async () => {
    const { accountId, clients } = await freshAccount();
    const logs = clients.logs;
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/busy' }));
    const errors: LogShipperError[] = [];
    const shipper = createLogShipper({ logConfiguration: awslogs('/ecs/busy'), containerName: 'app', taskId: 'task1', client: logs, onError: (e) => errors.push(e) });
    const lines = Array.from({ length: 12_345 }, (_, i) => `line ${i}`);
    // Written in uneven chunks that cut lines in two.
    const text = lines.join('\n') + '\n';
    for (let at = 0; at < text.length; at += 997) shipper.write('stdout', text.slice(at, at + 997));
    await shipper.close();
    expect(errors).toEqual([]);
    const received = await messages(logs, '/ecs/busy', 'ecs/app/task1');
    expect(received.length).toBe(lines.length);
    expect(received).toEqual(lines);
    const puts = (await accountCalls(cloud.gatewayUrl, accountId)).calls.filter((call) => call.operation === 'PutLogEvents');
    expect(puts.length).toBeGreaterThanOrEqual(2); // at most 10,000 events per call
    expect(puts.length).toBeLessThanOrEqual(10); // batched, not one call per line
    expect(puts.every((call) => call.status === 200)).toBe(true);
  });

  test('a complete line is sent within the flush interval, before close', async () => {
    const logs = await freshLogs();
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/live' }));
    const shipper = createLogShipper({ logConfiguration: awslogs('/ecs/live'), containerName: 'app', taskId: 'task2', client: logs });
    shipper.write('stdout', 'while the task runs\npartial');
    await shipper.ready;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await expect(messages(logs, '/ecs/live', 'ecs/app/task2')).resolves.toEqual(['while the task runs']);
    await shipper.close();
    await expect(messages(logs, '/ecs/live', 'ecs/app/task2')).resolves.toEqual(['while the task runs', 'partial']);
  });

  test('a missing log group without awslogs-create-group is reported through onError in ECS words, never thrown from write', async () => {
    const logs = await freshLogs();
    const errors: LogShipperError[] = [];
    const shipper = createLogShipper({ logConfiguration: awslogs('/ecs/missing'), containerName: 'app', taskId: 'task3', client: logs, onError: (e) => errors.push(e) });
    expect(() => shipper.write('stdout', 'hello\n')).not.toThrow();
    await expect(shipper.ready).resolves.toBe(false);
    expect(() => shipper.write('stdout', 'more\n')).not.toThrow();
    await expect(shipper.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0].phase).toBe('create-stream');
    expect(errors[0].reason).toBe(
      'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1',
    );
    expect(errors[0].message).toContain('/ecs/missing');
    expect(errors[0].message).toContain('awslogs-create-group');
    expect(errors[0].explanation.ja).toContain('/ecs/missing');
    await expect(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/missing' }))).resolves.toMatchObject({ logGroups: [] });
  });

  test('with awslogs-create-group "true" the group is created, and an existing group is fine too', async () => {
    const logs = await freshLogs();
    const errors: LogShipperError[] = [];
    const ship = async (taskId: string) => {
      const shipper = createLogShipper({
        logConfiguration: awslogs('/ecs/created', { 'awslogs-create-group': 'true' }),
        containerName: 'app',
        taskId,
        client: logs,
        onError: (e) => errors.push(e),
      });
      shipper.write('stdout', `from ${taskId}\n`);
      await shipper.close();
    };
    await ship('first');
    await ship('second');
    expect(errors).toEqual([]);
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/created' }));
    expect(logGroups?.map((group) => group.logGroupName)).toEqual(['/ecs/created']);
    await expect(messages(logs, '/ecs/created', 'ecs/app/first')).resolves.toEqual(['from first']);
    await expect(messages(logs, '/ecs/created', 'ecs/app/second')).resolves.toEqual(['from second']);
  });
});

describe('awslogs log shipper signed by an execution role session: IAM decides', () => {
  test('CreateLogStream denied: ResourceInitializationError with the AccessDenied, and what to allow', async () => {
    const account = await freshAccount();
    await account.clients.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/guarded' }));
    const logs = await logsAsRole(account, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:${region}:${account.accountId}:log-group:/ecs/other:*` }],
    });
    const errors: LogShipperError[] = [];
    const shipper = createLogShipper({ logConfiguration: awslogs('/ecs/guarded'), containerName: 'app', taskId: 'task4', client: logs, onError: (e) => errors.push(e) });
    shipper.write('stdout', 'hello\n');
    await shipper.close();
    expect(errors).toHaveLength(1);
    expect(errors[0].reason).toMatch(
      /^ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: User: arn:aws:sts::\d{12}:assumed-role\/exec\/task is not authorized to perform: logs:CreateLogStream on resource: /,
    );
    expect(errors[0].message).toContain('logs:CreateLogStream');
  });

  test('CreateLogStream allowed, PutLogEvents denied: each failed batch is reported, close still resolves', async () => {
    const account = await freshAccount();
    await account.clients.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/write-once' }));
    const group = `arn:aws:logs:${region}:${account.accountId}:log-group:/ecs/write-once:*`;
    const logs = await logsAsRole(account, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: group }] });
    const errors: LogShipperError[] = [];
    const shipper = createLogShipper({ logConfiguration: awslogs('/ecs/write-once'), containerName: 'app', taskId: 'task5', client: logs, onError: (e) => errors.push(e) });
    shipper.write('stdout', 'lost\n');
    await expect(shipper.close()).resolves.toBeUndefined();
    expect(errors.map((e) => e.phase)).toEqual(['put-events']);
    expect(errors[0].reason).toContain('AccessDeniedException');
    expect(errors[0].message).toContain('logs:PutLogEvents');
  });
});

describe('awslogs configuration checks', () => {
  test('Fargate needs awslogs-stream-prefix: ECS wording, in English and Japanese', () => {
    const problems = validateAwsLogsConfiguration(
      { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app', 'awslogs-region': 'ap-northeast-1' } },
      { launchType: 'FARGATE', containerName: 'app' },
    );
    expect(problems).toHaveLength(1);
    expect(problems[0].option).toBe('awslogs-stream-prefix');
    expect(problems[0].ecsMessage).toBe('Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs.');
    expect(problems[0].en).toContain(problems[0].ecsMessage);
    expect(problems[0].ja).toContain(problems[0].ecsMessage);
    expect(problems[0].ja).toContain('プレフィックス');
    expect(validateAwsLogsConfiguration({ logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app', 'awslogs-region': 'ap-northeast-1' } }, { launchType: 'EC2' })).toEqual([]);
  });

  test('a missing group or region is named; other log drivers and a full configuration pass', () => {
    const options = validateAwsLogsConfiguration({ logDriver: 'awslogs', options: { 'awslogs-stream-prefix': 'ecs' } }).map((p) => p.option);
    expect(options).toEqual(['awslogs-group', 'awslogs-region']);
    expect(validateAwsLogsConfiguration(awslogs('/ecs/app'))).toEqual([]);
    expect(validateAwsLogsConfiguration({ logDriver: 'splunk', options: {} })).toEqual([]);
    expect(validateAwsLogsConfiguration(undefined)).toEqual([]);
  });

  test('createLogShipper refuses an invalid configuration before any call', () => {
    expect(() =>
      createLogShipper({
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app', 'awslogs-region': region } },
        containerName: 'app',
        taskId: 't',
        client: undefined as unknown as CloudWatchLogsClient,
      }),
    ).toThrow('Fargate requires log configuration options to include awslogs-stream-prefix');
  });
});
