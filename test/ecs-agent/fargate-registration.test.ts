import {
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { withAccountHeaders } from '../../harness/iam/backend-iam';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { accountCalls, newAccount } from '../../harness/runner/control-api';

const cloud = currentLocalCloud();
const opened: KataClients[] = [];
const direct: ECSClient[] = [];
afterAll(() => {
  opened.forEach(destroyClients);
  direct.forEach((client) => client.destroy());
});

async function freshAccount(): Promise<{ accountId: string; root: KataClients }> {
  const accountId = await newAccount(cloud.gatewayUrl);
  const root = createClients({ endpoint: cloud.gatewayUrl, region: cloud.region, credentials: rootCredentials(accountId) });
  opened.push(root);
  return { accountId, root };
}

/** The article's task definition: Fargate, awsvpc, 256 CPU units / 512 MiB, awslogs with an execution role. */
const article = (accountId: string, overrides: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput => ({
  family: 'my-task',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: `arn:aws:iam::${accountId}:role/ecsTaskExecutionRole`,
  containerDefinitions: [
    {
      name: 'app',
      image: `${accountId}.dkr.ecr.${cloud.region}.amazonaws.com/my-repo:latest`,
      essential: true,
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/my-task', 'awslogs-region': cloud.region, 'awslogs-stream-prefix': 'ecs' } },
    },
  ],
  ...overrides,
});

/** What the account has of the family: its revisions listed, and whether DescribeTaskDefinition finds one. */
async function registered(root: KataClients, family: string): Promise<{ listed: string[]; described: boolean }> {
  const { taskDefinitionArns = [] } = await root.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }));
  const described = await root.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family })).then(
    () => true,
    () => false,
  );
  return { listed: taskDefinitionArns, described };
}

// Each case makes a fresh account and a few calls: seconds alone, more on a machine that is busy.
jest.setTimeout(30_000);

describe('RegisterTaskDefinition of a Fargate definition through the gateway', () => {
  test.each<[string, (accountId: string) => Partial<RegisterTaskDefinitionCommandInput>, string, RegExp]>([
    [
      '512 CPU units with 512 MiB',
      () => ({ cpu: '512', memory: '512' }),
      'No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.',
      /With 512 CPU units Fargate accepts memory 1024, 2048, 3072 or 4096 MiB\. Fargate sizes \(CPU units: memory MiB\): 256: 512\/1024\/2048; 512: 1024–4096 step 1024;.*Give the task definition a cpu and a memory from one row\./,
    ],
    [
      'awslogs and no execution role',
      () => ({ executionRoleArn: undefined }),
      'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
      /Container "app" logs with awslogs, and the task definition has no executionRoleArn\. .*Set executionRoleArn to the ARN of such a role: one that ecs-tasks\.amazonaws\.com can assume/,
    ],
    [
      'network mode bridge',
      () => ({ networkMode: 'bridge' }),
      'Fargate only supports network mode ‘awsvpc’.',
      /networkMode is bridge\. Register a revision with networkMode "awsvpc"/,
    ],
  ])('%s: refused with ECS\'s ClientException, nothing registered, and the trace explains it', async (_name, change, message, explained) => {
    const { accountId, root } = await freshAccount();
    const refusal = await root.ecs.send(new RegisterTaskDefinitionCommand(article(accountId, change(accountId)))).then(
      () => undefined,
      (error: Error & { $metadata?: { httpStatusCode?: number } }) => error,
    );
    expect(refusal).toMatchObject({ name: 'ClientException', message, $metadata: { httpStatusCode: 400 } });
    expect(await registered(root, 'my-task')).toEqual({ listed: [], described: false });

    const { calls } = await accountCalls(cloud.gatewayUrl, accountId);
    const call = calls.find((entry) => entry.operation === 'RegisterTaskDefinition');
    expect(call).toMatchObject({ service: 'ecs', status: 400, errorCode: 'ClientException' });
    expect(call?.explanation?.en?.startsWith(`${message} `)).toBe(true);
    expect(call?.explanation?.en).toMatch(explained);
    expect(call?.explanation?.ja).toMatch(/Fargate|awsvpc/);
  });

  test('a valid Fargate definition registers, as revision 1', async () => {
    const { accountId, root } = await freshAccount();
    const { taskDefinition } = await root.ecs.send(new RegisterTaskDefinitionCommand(article(accountId, { cpu: '.25 vCPU', memory: '0.5 GB' })));
    expect(taskDefinition).toMatchObject({ family: 'my-task', revision: 1, requiresCompatibilities: ['FARGATE'] });
    const { listed, described } = await registered(root, 'my-task');
    expect(listed).toEqual([taskDefinition!.taskDefinitionArn]);
    expect(described).toBe(true);
  });

  test('a definition without FARGATE in requiresCompatibilities is not checked at registration', async () => {
    const { accountId, root } = await freshAccount();
    const ec2Only = article(accountId, { requiresCompatibilities: ['EC2'], networkMode: 'bridge', cpu: '512', memory: '512', executionRoleArn: undefined });
    const { taskDefinition } = await root.ecs.send(new RegisterTaskDefinitionCommand(ec2Only));
    expect(taskDefinition).toMatchObject({ family: 'my-task', revision: 1, networkMode: 'bridge' });
    const noCompatibilities = article(accountId, { family: 'unstated', requiresCompatibilities: undefined, cpu: '512', memory: '512' });
    await expect(root.ecs.send(new RegisterTaskDefinitionCommand(noCompatibilities))).resolves.toMatchObject({ taskDefinition: { family: 'unstated' } });
  });

  test('a definition that reached the backend without these checks is still refused by RunTask, with the same words and explanation', async () => {
    const { accountId, root } = await freshAccount();
    const backend = withAccountHeaders(new ECSClient({ endpoint: cloud.backendEndpoint, region: cloud.region, credentials: rootCredentials(accountId), maxAttempts: 1 }), {
      'x-moto-account-id': accountId,
    });
    direct.push(backend);
    const { taskDefinition } = await backend.send(new RegisterTaskDefinitionCommand(article(accountId, { cpu: '512', memory: '512' })));
    await expect(
      root.ecs.send(
        new RunTaskCommand({
          cluster: 'default',
          taskDefinition: taskDefinition!.taskDefinitionArn!,
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ClientException',
      message: 'No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.',
    });
    const { calls } = await accountCalls(cloud.gatewayUrl, accountId);
    expect(calls.map((call) => call.operation)).toEqual(['RunTask']);
    expect(calls[0]).toMatchObject({ status: 400, errorCode: 'ClientException' });
    expect(calls[0]?.explanation?.en).toContain('With 512 CPU units Fargate accepts memory 1024, 2048, 3072 or 4096 MiB.');
  });
});
