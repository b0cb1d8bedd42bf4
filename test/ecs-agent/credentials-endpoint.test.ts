import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CredentialsEndpoint, type RoleSessionSource } from '../../harness/ecs-agent/credentials-endpoint';
import type { ServiceSession } from '../../harness/gateway/service-sessions';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../../harness/runner/clients';
import { newAccount } from '../../harness/runner/control-api';

jest.setTimeout(60_000);

const cloud = currentLocalCloud();
const region = cloud.region;
const ECS_TASKS = 'ecs-tasks.amazonaws.com';

/** The gateway's assumeRoleAsService, reached through its control route (the gateway runs in the global setup's process). */
const viaGateway: RoleSessionSource = async (accountId, roleArn, sessionName) => {
  const response = await fetch(`${cloud.gatewayUrl}/_dojo/accounts/${accountId}/service-sessions`, {
    method: 'POST',
    body: JSON.stringify({ roleArn, service: ECS_TASKS, sessionName }),
  });
  if (response.status !== 200 && response.status !== 403) throw new Error(`service-sessions answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as ServiceSession;
};

const trustedBy = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const describeRepositories = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:DescribeRepositories', Resource: '*' }] };

const endpoint = new CredentialsEndpoint(viaGateway);
const homes: string[] = [];
const roots: KataClients[] = [];
let accountId: string;
let root: KataClients;

beforeAll(async () => {
  await endpoint.listen();
  accountId = await newAccount(cloud.gatewayUrl);
  root = createClients({ endpoint: cloud.gatewayUrl, region, credentials: rootCredentials(accountId) });
  roots.push(root);
  await root.ecr.send(new CreateRepositoryCommand({ repositoryName: 'my-repo' }));
});

afterAll(async () => {
  await endpoint.close();
  roots.forEach(destroyClients);
  homes.forEach((home) => rmSync(home, { recursive: true, force: true }));
});

async function role(name: string, trustedService: string): Promise<string> {
  const { Role } = await root.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trustedBy(trustedService)) }));
  await root.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(describeRepositories) }));
  return Role!.Arn!;
}

/** What a container's code does: the SDK's default credential chain, nothing harness-specific. */
const CONTAINER_SCRIPT = `
const { STSClient, GetCallerIdentityCommand } = require(process.env.DOJO_TEST_STS);
const { ECRClient, DescribeRepositoriesCommand } = require(process.env.DOJO_TEST_ECR);
(async () => {
  const { Arn } = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  console.log('ARN ' + Arn);
  const { repositories } = await new ECRClient({}).send(new DescribeRepositoriesCommand({}));
  console.log('REPOSITORIES ' + repositories.map((r) => r.repositoryName).join(','));
})().catch((error) => {
  console.error('ERROR ' + error.name + ': ' + error.message);
  process.exit(3);
});
`;

/** Runs the script in a child Node with only what ECS would set: no host AWS_* variables, a HOME without ~/.aws. */
function runInContainer(variables: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'dojo-credentials-home-'));
  homes.push(home);
  const script = join(home, 'container.js');
  writeFileSync(script, CONTAINER_SCRIPT);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_REGION: region,
    AWS_ENDPOINT_URL: cloud.gatewayUrl,
    DOJO_TEST_STS: require.resolve('@aws-sdk/client-sts'),
    DOJO_TEST_ECR: require.resolve('@aws-sdk/client-ecr'),
    ...variables,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { env, cwd: home, timeout: 45_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const get = (url: string, authorization?: string) => fetch(url, { headers: authorization ? { authorization } : {} });

describe('ECS container credentials endpoint', () => {
  test('a task trusted by ecs-tasks.amazonaws.com gets its role session through the SDK default chain', async () => {
    const roleArn = await role('app-task-role', ECS_TASKS);
    const taskId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const access = endpoint.register({ taskId, accountId, roleArn });

    const run = await runInContainer({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: access.fullUri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: access.authorizationToken,
    });
    expect(run.stderr).not.toContain('ERROR');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ARN arn:aws:sts::${accountId}:assumed-role/app-task-role/${taskId}`);
    expect(run.stdout).toContain('REPOSITORIES my-repo');
    expect(endpoint.lastRefusal(taskId)).toBeUndefined();

    // The answer has ECS's shape, and is served from the cache on the next request.
    const first = await get(access.fullUri, access.authorizationToken);
    expect(first.status).toBe(200);
    const credentials = (await first.json()) as Record<string, string>;
    expect(credentials).toEqual({
      RoleArn: roleArn,
      AccessKeyId: expect.any(String),
      SecretAccessKey: expect.any(String),
      Token: expect.any(String),
      Expiration: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    expect(await (await get(access.fullUri, access.authorizationToken)).json()).toEqual(credentials);

    endpoint.unregister(taskId);
    expect((await get(access.fullUri, access.authorizationToken)).status).toBe(404);
  });

  test('the token file variant works as well', async () => {
    const roleArn = await role('file-token-role', ECS_TASKS);
    const taskId = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
    const access = endpoint.register({ taskId, accountId, roleArn });
    const tokenDir = mkdtempSync(join(tmpdir(), 'dojo-credentials-token-'));
    homes.push(tokenDir);
    const tokenFile = join(tokenDir, 'token');
    writeFileSync(tokenFile, access.authorizationToken);
    const run = await runInContainer({ AWS_CONTAINER_CREDENTIALS_FULL_URI: access.fullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
    expect(run.stdout).toContain(`ARN arn:aws:sts::${accountId}:assumed-role/file-token-role/${taskId}`);
    endpoint.unregister(taskId);
  });

  test('a missing or wrong token gets 403, and one task\'s token never opens another task\'s path', async () => {
    const roleArn = await role('guarded-role', ECS_TASKS);
    const a = endpoint.register({ taskId: 'task-a', accountId, roleArn });
    const b = endpoint.register({ taskId: 'task-b', accountId, roleArn });
    expect(a.fullUri).not.toBe(b.fullUri);
    expect(a.authorizationToken).not.toBe(b.authorizationToken);

    for (const [url, token] of [[a.fullUri, undefined], [a.fullUri, 'wrong'], [b.fullUri, a.authorizationToken], [a.fullUri, b.authorizationToken]] as const) {
      const response = await get(url, token);
      expect(response.status).toBe(403);
      const body = (await response.json()) as Record<string, string>;
      expect(body).toEqual({ Code: 'AccessDenied', Message: expect.stringContaining('AWS_CONTAINER_AUTHORIZATION_TOKEN') });
      expect(body).not.toHaveProperty('AccessKeyId');
    }
    const unknown = await get(`${new URL(a.fullUri).origin}/v2/credentials/not-a-task`, a.authorizationToken);
    expect(unknown.status).toBe(404);

    // In a container, a wrong token is a credentials error, not someone else's credentials.
    const run = await runInContainer({ AWS_CONTAINER_CREDENTIALS_FULL_URI: b.fullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN: a.authorizationToken });
    expect(run.code).toBe(3);
    expect(run.stdout).not.toContain('ARN');
    expect(run.stderr).toContain('ERROR CredentialsProviderError: Could not load credentials from any providers');
    endpoint.unregister('task-a');
    endpoint.unregister('task-b');
  });

  test("a role trusted by lambda.amazonaws.com gives the container a credentials error, and the agent the trust policy's reason", async () => {
    const roleArn = await role('kata-lambda-role', 'lambda.amazonaws.com');
    const taskId = '0123456789abcdef0123456789abcdef';
    const access = endpoint.register({ taskId, accountId, roleArn });

    const direct = await get(access.fullUri, access.authorizationToken);
    expect(direct.status).toBe(500);
    expect(((await direct.json()) as { Message: string }).Message).toContain('lambda.amazonaws.com');

    const run = await runInContainer({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: access.fullUri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: access.authorizationToken,
    });
    expect(run.code).toBe(3);
    expect(run.stdout).not.toContain('ARN');
    expect(run.stderr).toContain('ERROR CredentialsProviderError: Could not load credentials from any providers');
    const refusal = endpoint.lastRefusal(taskId);
    expect(refusal?.en).toContain('lambda.amazonaws.com');
    expect(refusal?.en).toContain(ECS_TASKS);
    expect(refusal?.ja).toContain(ECS_TASKS);
    endpoint.unregister(taskId);
    expect(endpoint.lastRefusal(taskId)).toBeUndefined();
  });

  test("a task's path and token work only on the address it was registered for (its own network in the Docker runtime)", async () => {
    if (process.platform !== 'linux') return; // 127.0.0.2 is a loopback address of its own on Linux only
    const otherAddress = '127.0.0.2';
    await endpoint.listen(otherAddress);
    const roleArn = await role('one-network-role', ECS_TASKS);
    const access = endpoint.register({ taskId: 'task-on-loopback', accountId, roleArn });
    const elsewhere = new URL(access.fullUri);
    elsewhere.host = `${otherAddress}:${endpoint.address(otherAddress).port}`;
    expect((await get(elsewhere.href, access.authorizationToken)).status).toBe(404);
    expect((await get(access.fullUri, access.authorizationToken)).status).toBe(200);
    endpoint.unregister('task-on-loopback');
  });

  test('it listens on 127.0.0.1 only', async () => {
    expect(endpoint.address().address).toBe('127.0.0.1');
    const { port } = endpoint.address();
    const external = Object.values(networkInterfaces()).flat().find((nic) => nic && nic.family === 'IPv4' && !nic.internal);
    if (!external) return; // no non-loopback address on this machine: nothing more to try
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: external.address, port, timeout: 2000 });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
    expect(connected).toBe(false);
  });
});

describe('ECS container credentials endpoint cache', () => {
  test('credentials are reused until 5 minutes before they expire, then fetched again', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const calls: string[] = [];
    const source: RoleSessionSource = async (_accountId, _roleArn, sessionName) => {
      calls.push(sessionName);
      return {
        allowed: true,
        sessionArn: `arn:aws:sts::111111111111:assumed-role/r/${sessionName}`,
        credentials: { accessKeyId: `KEY${calls.length}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(now + 60 * 60 * 1000).toISOString() },
      };
    };
    const cached = new CredentialsEndpoint(source, { now: () => now });
    try {
      await cached.listen();
      const access = cached.register({ taskId: 't1', accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/r' });
      const key = async () => ((await (await get(access.fullUri, access.authorizationToken)).json()) as { AccessKeyId: string }).AccessKeyId;
      expect(await Promise.all([key(), key()])).toEqual(['KEY1', 'KEY1']);
      now += 54 * 60 * 1000;
      expect(await key()).toBe('KEY1');
      now += 2 * 60 * 1000; // 4 minutes left
      expect(await key()).toBe('KEY2');
      expect(calls).toEqual(['t1', 't1']);
    } finally {
      await cached.close();
    }
  });
});
