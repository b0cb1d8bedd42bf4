import { networkInterfaces } from 'node:os';
import * as net from 'node:net';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { EndpointBackend } from '../../harness/backends/endpoint-backend';
import { Gateway } from '../../harness/gateway/gateway';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';

const cloud = currentLocalCloud();
const TASK_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const TASK_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const ECS_TASKS = 'ecs-tasks.amazonaws.com';

describe('a gateway port bound to a task', () => {
  let gateway: Gateway;
  let accountId: string;
  let port: { url: string; close(): Promise<void> };
  const stsAt = (url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new STSClient({ endpoint: url, region: cloud.region, credentials, maxAttempts: 1 });

  beforeAll(async () => {
    gateway = new Gateway(new EndpointBackend(cloud.backendEndpoint), () => ({}));
    const gatewayUrl = await gateway.listen();
    accountId = await newAccount(gatewayUrl);
    const root = createClients({ endpoint: gatewayUrl, region: cloud.region, credentials: rootCredentials(accountId) });
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ECS_TASKS }, Action: 'sts:AssumeRole' }] };
    await root.iam.send(new CreateRoleCommand({ RoleName: 'task-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    destroyClients(root);
    port = await gateway.openTaskPort({ taskId: TASK_A, accountId }, '127.0.0.1');
  });
  afterAll(async () => {
    await port?.close();
    await gateway?.close();
  });

  const sessionFor = async (taskId: string) => {
    const session = await gateway.assumeRoleAsService({ accountId, roleArn: `arn:aws:iam::${accountId}:role/task-role`, service: ECS_TASKS, sessionName: taskId });
    if (!session.allowed) throw new Error(session.explanation.en);
    const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
    return { accessKeyId, secretAccessKey, sessionToken };
  };

  test("answers the task's own role session, and the trace names the task", async () => {
    const sts = stsAt(port.url, await sessionFor(TASK_A));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/task-role/${TASK_A}`);
    expect(gateway.trace.of(accountId).filter((call) => call.taskId === TASK_A).map((call) => call.operation)).toContain('GetCallerIdentity');
    sts.destroy();
  });

  test("refuses another task's role session, naming both tasks", async () => {
    const sts = stsAt(port.url, await sessionFor(TASK_B));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringMatching(new RegExp(`network path of task ${TASK_A}.*made for task ${TASK_B}`)),
    });
    sts.destroy();
  });

  test("refuses another account's credentials and an unsigned call", async () => {
    const other = await newAccount(cloud.gatewayUrl);
    const sts = stsAt(port.url, rootCredentials(other));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 }, message: expect.stringContaining(`signed for account ${other}`) });
    sts.destroy();
    const unsigned = await fetch(`${port.url}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
  });

  test('listens on the address it was given only (loopback in the process runtime)', async () => {
    const { port: number } = new URL(port.url);
    const external = Object.values(networkInterfaces()).flat().find((nic) => nic && nic.family === 'IPv4' && !nic.internal);
    if (!external) return; // no non-loopback address on this machine: nothing more to try
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: external.address, port: Number(number), timeout: 2000 });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
    expect(connected).toBe(false);
  });
});
