import { execFile } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants } from 'node:os';
import { join } from 'node:path';
import { FixtureCa } from '../../harness/network/fixture-ca';
import { InternetFixture, type FixtureListener } from '../../harness/network/internet-fixture';
import { JSONPLACEHOLDER_ADDRESS, JSONPLACEHOLDER_HOST, TODO, TODO_URL } from '../../harness/network/internet-hosts';
import { TASK_NETWORK_PRELOAD, taskNetworkEnvironment, type TaskNetwork } from '../../harness/network/task-network-spec';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const LOOPBACK = '127.0.0.1';
const TASK_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** Node's errno for ETIMEDOUT on this platform (-110 on Linux). */
const ETIMEDOUT_ERRNO = -constants.errno.ETIMEDOUT;

/** Helpers every task script gets: report(value) prints the one JSON result; caught(error) keeps what a test checks of an error. */
const PRELUDE = `
const report = (value) => process.stdout.write(JSON.stringify(value));
const caught = (error) => error && { name: error.name, message: error.message, code: error.code, errno: error.errno, syscall: error.syscall,
  address: error.address, port: error.port, hostname: error.hostname, cause: caught(error.cause) };
const timed = async (run) => { const started = Date.now(); try { return { value: await run(), ms: Date.now() - started }; } catch (error) { return { error: caught(error), ms: Date.now() - started }; } };
const httpsGet = (url, options = {}) => new Promise((resolve, reject) => {
  require('node:https').get(url, options, (response) => {
    let body = '';
    response.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: response.statusCode, body }));
  }).on('error', reject);
});
`;

interface Outcome<T> {
  value?: T;
  error?: CaughtError;
  ms: number;
}

interface CaughtError {
  name: string;
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: CaughtError;
}

/** Runs `script` as a task's container would: `node --require task-network.js`, nothing in its environment but its network. */
function runInTask<T>(network: TaskNetwork, script: string): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--require', TASK_NETWORK_PRELOAD, '-e', PRELUDE + `(async () => { ${script} })();`],
      { cwd: ROOT, env: taskNetworkEnvironment(network), timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`The task script failed (${error.message}); stderr: ${stderr}`));
        else resolve(JSON.parse(stdout) as T);
      },
    );
  });
}

let fixture: InternetFixture;
let listener: FixtureListener;
let taskTls: TaskNetwork['tls'];
let ownServer: http.Server;
let ownEndpoint: string;
let strangerServer: http.Server;
let strangerPort: number;

/** Answers GET with `body`, and an AWS JSON call with an empty result, as the gateway port would. */
async function listen(body: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method === 'GET') return void response.end(body);
    request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ imageDetails: [{ imageTags: [body] }] })));
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, () => resolve()));
  return server;
}

beforeAll(async () => {
  fixture = new InternetFixture(await FixtureCa.create());
  listener = await fixture.openForTask(TASK_ID, LOOPBACK);
  taskTls = await fixture.taskTls(TASK_ID);
  ownServer = await listen('own endpoint');
  ownEndpoint = `${LOOPBACK}:${(ownServer.address() as AddressInfo).port}`;
  strangerServer = await listen('another harness port');
  strangerPort = (strangerServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await fixture.close();
  for (const server of [ownServer, strangerServer]) await new Promise((resolve) => server.close(resolve));
});

/** A task in a subnet whose route reaches jsonplaceholder (served by the fixture) and nothing else. */
function reachingTodo(changes: Partial<TaskNetwork> = {}): TaskNetwork {
  return {
    dns: true,
    connections: [
      { host: JSONPLACEHOLDER_HOST, port: 443, address: JSONPLACEHOLDER_ADDRESS, action: 'fixture', to: { host: listener.host, port: listener.port } },
      { host: 'api.ecr.ap-northeast-1.amazonaws.com', port: 443, address: '198.51.100.10', action: 'timeout', reason: 'no route to ecr.api' },
    ],
    defaultAction: 'timeout',
    own: [ownEndpoint],
    tls: taskTls,
    ...changes,
  };
}

function expectConnectTimeout(error: CaughtError | undefined, address: string, port: number): void {
  expect(error).toEqual({
    name: 'Error',
    message: `connect ETIMEDOUT ${address}:${port}`,
    code: 'ETIMEDOUT',
    errno: ETIMEDOUT_ERRNO,
    syscall: 'connect',
    address,
    port,
  });
}

describe('global fetch in a task', () => {
  it('gets the todo from the fixture when the VPC reaches jsonplaceholder, verifying its certificate', async () => {
    const outcome = await runInTask<Outcome<unknown>>(reachingTodo(), `report(await timed(() => fetch('${TODO_URL}').then((response) => response.json())));`);
    expect(outcome).toEqual({ value: TODO, ms: expect.any(Number) });
  });

  it('verifies the fixture\'s certificate: with another CA as the harness CA, fetch fails', async () => {
    const other = await (await FixtureCa.create()).issueClientCertificate(TASK_ID);
    const otherCa = reachingTodo({ tls: { ca: other.certificatePem, cert: taskTls!.cert, key: taskTls!.key } });
    const outcome = await runInTask<Outcome<unknown>>(otherCa, `report(await timed(() => fetch('${TODO_URL}')));`);
    expect(outcome.error).toMatchObject({ message: 'fetch failed', cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } });
  });

  it('fails a destination without a path with `fetch failed` caused by a connect timeout, in seconds', async () => {
    const outcome = await runInTask<Outcome<unknown>>(reachingTodo(), `report(await timed(() => fetch('https://example.com/')));`);
    expect(outcome.error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expectConnectTimeout(outcome.error?.cause, 'example.com', 443);
    expect(outcome.ms).toBeGreaterThanOrEqual(900);
    expect(outcome.ms).toBeLessThan(3000);
  });

  it('names the address the harness gives a denied host, as Node names the address it tried', async () => {
    const outcome = await runInTask<Outcome<unknown>>(
      reachingTodo({ connections: [{ host: JSONPLACEHOLDER_HOST, port: 443, address: JSONPLACEHOLDER_ADDRESS, action: 'timeout', reason: 'no route to 0.0.0.0/0' }] }),
      `report(await timed(() => fetch('${TODO_URL}')));`,
    );
    expectConnectTimeout(outcome.error?.cause, JSONPLACEHOLDER_ADDRESS, 443);
  });

  it('reaches the task\'s own endpoints untouched, and no other local port', async () => {
    const outcome = await runInTask<Array<Outcome<string>>>(reachingTodo(), `report([
      await timed(() => fetch('http://${ownEndpoint}/').then((response) => response.text())),
      await timed(() => fetch('http://${LOOPBACK}:${strangerPort}/').then((response) => response.text())),
    ]);`);
    expect(outcome[0]).toEqual({ value: 'own endpoint', ms: expect.any(Number) });
    expectConnectTimeout(outcome[1].error?.cause, LOOPBACK, strangerPort);
  });

  it('does not resolve names in a VPC without DNS: getaddrinfo EAI_AGAIN, quickly; own endpoints still answer', async () => {
    const outcome = await runInTask<Array<Outcome<string>>>(reachingTodo({ dns: false }), `report([
      await timed(() => fetch('${TODO_URL}')),
      await timed(() => fetch('http://${ownEndpoint}/').then((response) => response.text())),
    ]);`);
    expect(outcome[0].error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(outcome[0].error?.cause).toEqual({ name: 'Error', message: `getaddrinfo EAI_AGAIN ${JSONPLACEHOLDER_HOST}`, code: 'EAI_AGAIN', errno: -3001, syscall: 'getaddrinfo', hostname: JSONPLACEHOLDER_HOST });
    expect(outcome[0].ms).toBeLessThan(3000);
    expect(outcome[1].value).toBe('own endpoint');
  });
});

describe('node:https in a task', () => {
  it('gets the todo from the fixture, and times out where the VPC has no path', async () => {
    const outcome = await runInTask<Array<Outcome<{ status: number; body: string }>>>(reachingTodo(), `report([
      await timed(() => httpsGet('${TODO_URL}')),
      await timed(() => httpsGet('https://example.com/')),
    ]);`);
    expect(outcome[0].value?.status).toBe(200);
    expect(JSON.parse(outcome[0].value!.body)).toEqual(TODO);
    expectConnectTimeout(outcome[1].error, 'example.com', 443);
    expect(outcome[1].ms).toBeLessThan(3000);
  });
});

describe('dns in a task', () => {
  it('resolves a name to the address the harness gives it, and a connection to that address meets the same verdict', async () => {
    const outcome = await runInTask<Array<Outcome<unknown>>>(reachingTodo(), `report([
      await timed(() => new Promise((resolve, reject) => require('node:dns').lookup('${JSONPLACEHOLDER_HOST}', (error, address, family) => error ? reject(error) : resolve({ address, family })))),
      await timed(() => require('node:dns').promises.lookup('${JSONPLACEHOLDER_HOST}', { all: true })),
      await timed(() => httpsGet('https://${JSONPLACEHOLDER_ADDRESS}/todos/1', { servername: '${JSONPLACEHOLDER_HOST}', headers: { host: '${JSONPLACEHOLDER_HOST}' } })),
    ]);`);
    expect(outcome[0].value).toEqual({ address: JSONPLACEHOLDER_ADDRESS, family: 4 });
    expect(outcome[1].value).toEqual([{ address: JSONPLACEHOLDER_ADDRESS, family: 4 }]);
    expect(JSON.parse((outcome[2].value as { body: string }).body)).toEqual(TODO);
  });

  it('fails every lookup of a name with EAI_AGAIN in a VPC without DNS', async () => {
    const outcome = await runInTask<Array<Outcome<unknown>>>(reachingTodo({ dns: false }), `report([
      await timed(() => new Promise((resolve, reject) => require('node:dns').lookup('${JSONPLACEHOLDER_HOST}', (error, address) => error ? reject(error) : resolve(address)))),
      await timed(() => require('node:dns/promises').lookup('example.com')),
    ]);`);
    expect(outcome[0].error).toMatchObject({ code: 'EAI_AGAIN', syscall: 'getaddrinfo', hostname: JSONPLACEHOLDER_HOST });
    expect(outcome[1].error).toMatchObject({ code: 'EAI_AGAIN', syscall: 'getaddrinfo', hostname: 'example.com' });
    expect(outcome[1].ms).toBeLessThan(3000);
  });
});

describe('the AWS SDK v3 in a task', () => {
  it('calls the task\'s own endpoint (its gateway port) untouched', async () => {
    const outcome = await runInTask<Outcome<unknown>>(reachingTodo(), `
      const { ECRClient, DescribeImagesCommand } = require('@aws-sdk/client-ecr');
      const client = new ECRClient({ region: 'ap-northeast-1', endpoint: 'http://${ownEndpoint}', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      report(await timed(() => client.send(new DescribeImagesCommand({ repositoryName: 'my-repo' })).then((answer) => answer.imageDetails)));
    `);
    expect(outcome.value).toEqual([{ imageTags: ['own endpoint'] }]);
  });

  it('reports a networking timeout for an endpoint the VPC has no path to, within seconds', async () => {
    const outcome = await runInTask<Outcome<unknown> & { attempts: number }>(reachingTodo(), `
      const { ECRClient, DescribeImagesCommand } = require('@aws-sdk/client-ecr');
      const client = new ECRClient({ region: 'ap-northeast-1', endpoint: 'https://api.ecr.ap-northeast-1.amazonaws.com', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      let attempts;
      const outcome = await timed(() => client.send(new DescribeImagesCommand({ repositoryName: 'my-repo' })).catch((error) => { attempts = error.$metadata.attempts; throw error; }));
      report({ ...outcome, attempts });
    `);
    expect(outcome.error).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 198.51.100.10:443' });
    // The SDK's standard retries try three times; each waits for the connect timeout.
    expect(outcome.attempts).toBe(3);
    expect(outcome.ms).toBeLessThan(6000);
  });
});

describe('the preload itself', () => {
  it('removes its variable before the app runs', async () => {
    const outcome = await runInTask<{ names: string[] }>(reachingTodo(), `report({ names: Object.keys(process.env) });`);
    expect(outcome.names).not.toContain('DOJO_TASK_NETWORK');
  });

  it('stops the container with an error that names a malformed field', async () => {
    const malformed = { ...reachingTodo(), connections: [{ host: 'example.com', port: 443, action: 'allow' }] } as unknown as TaskNetwork;
    await expect(runInTask(malformed, 'report(1);')).rejects.toThrow('DOJO_TASK_NETWORK.connections[0].action is "allow"; it must be "fixture" or "timeout"');
  });
});
