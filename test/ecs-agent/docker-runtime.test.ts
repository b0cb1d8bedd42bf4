import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { ContainerSpec, RunnableImage, RunningContainer } from '../../harness/ecs-agent/container-runtime';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, TASK_ID_LABEL } from '../../harness/ecs-agent/docker-container';
import { DOJO_NETWORK, ECS_CONTAINER_HOST } from '../../harness/ecs-agent/docker-network';
import { TASK_NETWORK_PRELOAD, taskNetworkEnvironment, type TaskNetwork } from '../../harness/network/task-network-spec';
import { DockerRuntime } from '../../harness/ecs-agent/docker-runtime';
import { buildSampleImage } from '../../harness/images/build-sample-image';
import { describeWithDocker } from '../docker-available';

jest.setTimeout(60_000);

const PROBE_SOURCE = join(__dirname, '..', 'fixtures', 'docker-probe');

const docker = new Docker();
const describeDocker = describeWithDocker('the Docker runtime tests');

let imagesDir: string;
let runtime: DockerRuntime;
let probe: RunnableImage;
let taskCount = 0;

interface Run {
  container: RunningContainer;
  text(stream: 'stdout' | 'stderr'): string;
  /** Resolves when the container has printed `needle` on stdout. */
  printed(needle: string): Promise<void>;
}

async function run(spec: Partial<ContainerSpec>): Promise<Run> {
  const output = { stdout: '', stderr: '' };
  const waiters: Array<() => void> = [];
  const container = await runtime.run({
    taskId: `docker-runtime-test-${process.pid}-${++taskCount}`,
    containerName: 'probe',
    image: probe,
    environment: {},
    timeoutMs: 30_000,
    onOutput: (stream, chunk) => {
      output[stream] += chunk;
      for (const waiter of [...waiters]) waiter();
    },
    ...spec,
  });
  const printed = (needle: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => output.stdout.includes(needle) && resolve();
      waiters.push(check);
      check();
      void container.exited.then(() => {
        check();
        reject(new Error(`the container exited without printing ${needle}; stdout: ${output.stdout} stderr: ${output.stderr}`));
      });
    });
  return { container, text: (stream) => output[stream], printed };
}

async function containerExists(id: string): Promise<boolean> {
  return docker.getContainer(id).inspect().then(() => true, () => false);
}

function ourContainers(): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: JSON.stringify({ label: [TASK_ID_LABEL, `${OWNER_PID_LABEL}=${process.pid}`] }) });
}

describeDocker('Docker runtime', () => {
  beforeAll(async () => {
    imagesDir = await mkdtemp(join(tmpdir(), 'dojo-docker-images-'));
    const staged = await buildSampleImage({ sourceDir: PROBE_SOURCE, imagesDir });
    runtime = new DockerRuntime({ imagesDir, stopGraceMs: 1_000 });
    await runtime.start();
    const lookup = await runtime.findImage(staged.digest);
    if (!lookup.ok) throw new Error(lookup.reason.en);
    probe = lookup.image;
  }, 300_000);

  afterAll(async () => {
    await runtime?.close();
    if (imagesDir) await rm(imagesDir, { recursive: true, force: true });
  });

  test('finds the image built for pushed content by its digest, and explains content it never saw', async () => {
    expect(probe.handle).toMatch(/^sha256:[0-9a-f]{64}$/);
    await expect(runtime.findImage(probe.contentDigest)).resolves.toEqual({ ok: true, image: probe });
    const unknown = await runtime.findImage(`sha256:${'0'.repeat(64)}`);
    expect(unknown).toMatchObject({ ok: false, reason: { en: expect.stringContaining('push the image again'), ja: expect.stringContaining('もう一度プッシュ') } });
  });

  test('runs the image\'s CMD, streams stdout and stderr apart as UTF-8, reports the exit code and removes the container', async () => {
    const { container, text } = await run({ environment: { PROBE: 'lines', EXIT_CODE: '3' } });
    expect(container.runtimeId).toMatch(/^[0-9a-f]{64}$/);
    await expect(container.exited).resolves.toEqual({ exitCode: 3, signal: null, timedOut: false });
    expect(text('stdout')).toBe('out 1\nout 2\nout 3\nout 4\nout 5\n日本語の行\n');
    expect(text('stderr')).toBe('err 1\nerr 2\n');
    expect(await containerExists(container.runtimeId)).toBe(false);
  });

  test('the environment is exactly what the task gives: nothing of the harness\'s, no AWS_* of the host', async () => {
    const saved = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_PROFILE: process.env.AWS_PROFILE };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAHOSTONLY00000000';
    process.env.AWS_PROFILE = 'host-profile';
    try {
      const given = { PROBE: 'env', AWS_REGION: 'ap-northeast-1', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'token with spaces=and equals' };
      const { container, text } = await run({ environment: given });
      await expect(container.exited).resolves.toMatchObject({ exitCode: 0 });
      const env = JSON.parse(text('stdout')) as Record<string, string>;
      expect(env).toMatchObject(given);
      expect(Object.keys(env).filter((name) => name.startsWith('AWS_')).sort()).toEqual(['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_REGION']);
      // Besides what was given, only what Docker and the image set (PATH, HOSTNAME, HOME, the image's ENV).
      const image = await docker.getImage(probe.handle).inspect();
      const fromImage = (image.Config.Env ?? []).map((entry) => entry.split('=')[0]);
      const extra = Object.keys(env).filter((name) => !(name in given) && !fromImage.includes(name));
      expect(extra.sort()).toEqual(['HOME', 'HOSTNAME'].filter((name) => name in env).sort());
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('requires the harness\'s preload after `node`, with the image\'s CMD and with a command override', async () => {
    const preloadDir = await mkdtemp(join(tmpdir(), 'dojo-preload-'));
    try {
      const preload = join(preloadDir, 'announce.js');
      await writeFile(preload, "process.stderr.write(`preloaded from ${__filename}\\n`);\n");
      const fromCmd = await run({ environment: { PROBE: 'lines' }, preload });
      await expect(fromCmd.container.exited).resolves.toMatchObject({ exitCode: 0 });
      expect(fromCmd.text('stderr')).toMatch(/^preloaded from \/aws-basics-dojo\/preload\.js\n/);

      const overridden = await run({ command: ['node', 'index.js'], environment: { PROBE: 'lines', EXIT_CODE: '4' }, preload });
      await expect(overridden.container.exited).resolves.toMatchObject({ exitCode: 4 });
      expect(overridden.text('stderr')).toContain('preloaded from /aws-basics-dojo/preload.js');
    } finally {
      await rm(preloadDir, { recursive: true, force: true });
    }
  });

  test("the agent's task network preload works inside the container", async () => {
    const network: TaskNetwork = { dns: true, connections: [], defaultAction: 'timeout', own: [] };
    const { container, text } = await run({
      environment: { PROBE: 'fetch', FETCH_URL: 'https://jsonplaceholder.typicode.com/todos/1', ...taskNetworkEnvironment(network) },
      preload: TASK_NETWORK_PRELOAD,
    });
    await expect(container.exited).resolves.toMatchObject({ exitCode: 0 });
    expect(text('stdout')).toContain('fetch failed: connect ETIMEDOUT jsonplaceholder.typicode.com:443');
  });

  test('a command that is not node runs as given, without the preload', async () => {
    const { container, text } = await run({ command: ['sh', '-c', 'echo "plain $0"', 'shell'], preload: TASK_NETWORK_PRELOAD });
    await expect(container.exited).resolves.toMatchObject({ exitCode: 0 });
    expect(text('stdout')).toBe('plain shell\n');
  });

  test('a container reaches a harness listener on harnessAddress, and nothing off this machine', async () => {
    expect(runtime.harnessAddress).toBe(ECS_CONTAINER_HOST);
    const server = http.createServer((request, response) => response.end(`harness saw ${request.url}`));
    await new Promise<void>((resolve) => server.listen(0, runtime.harnessAddress, resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const urls = [`http://${ECS_CONTAINER_HOST}:${port}/v2/credentials/x`, 'http://1.1.1.1/', 'http://8.8.8.8:53/', 'http://registry.npmjs.org/'];
      const { container, text } = await run({ environment: { PROBE: 'http', URLS: urls.join(',') } });
      await expect(container.exited).resolves.toMatchObject({ exitCode: 0 });
      const lines = text('stdout').trim().split('\n');
      expect(lines[0]).toBe(`reached ${urls[0]} harness saw /v2/credentials/x`);
      for (const [index, url] of urls.slice(1).entries()) expect(lines[index + 1]).toMatch(new RegExp(`^unreachable ${url.replace(/[./]/g, '\\$&')} `));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a container still running at its timeout is stopped and reported as timed out', async () => {
    const started = Date.now();
    const { container, text } = await run({ environment: { PROBE: 'sleep' }, timeoutMs: 1_500 });
    await expect(container.exited).resolves.toEqual({
      exitCode: 143,
      signal: null,
      timedOut: true,
      stopReason: 'Task timed out: still running after 1500 ms',
    });
    expect(text('stdout')).toContain('SIGTERM received');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('stop() sends SIGTERM, then SIGKILL after the grace; twice is harmless', async () => {
    const { container, printed, text } = await run({ environment: { PROBE: 'sleep', IGNORE_SIGTERM: '1' } });
    await printed('sleeping');
    const stopping = container.stop('Scaling activity initiated by deployment');
    expect(container.stop('again')).toBe(stopping);
    await expect(stopping).resolves.toEqual({ exitCode: 137, signal: null, timedOut: false, stopReason: 'Scaling activity initiated by deployment' });
    expect(text('stdout')).toContain('SIGTERM ignored');
    await expect(container.stop('late')).resolves.toMatchObject({ exitCode: 137, stopReason: 'Scaling activity initiated by deployment' });
    expect(await containerExists(container.runtimeId)).toBe(false);
  });

  test('start() removes containers left by a harness process that no longer exists', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = gone.stdout.trim();
    const orphan = await docker.createContainer({
      Image: probe.handle,
      Env: ['PROBE=sleep'],
      Labels: { [TASK_ID_LABEL]: 'orphaned-task', [OWNER_PID_LABEL]: deadPid, [OWNER_HOST_LABEL]: hostname() },
      HostConfig: { NetworkMode: DOJO_NETWORK },
    });
    await orphan.start();
    try {
      await new DockerRuntime({ imagesDir }).start();
      expect(await containerExists(orphan.id)).toBe(false);
    } finally {
      await orphan.remove({ force: true }).catch(() => undefined);
    }
  });

  test('close() stops and removes every container it started, and keeps the network other harnesses may listen on', async () => {
    const sleepers = await Promise.all([run({ environment: { PROBE: 'sleep' } }), run({ environment: { PROBE: 'sleep' } })]);
    await Promise.all(sleepers.map((sleeper) => sleeper.printed('sleeping')));
    await runtime.close();
    for (const sleeper of sleepers) await expect(sleeper.container.exited).resolves.toMatchObject({ stopReason: expect.stringContaining('shutting down') });
    expect(await ourContainers()).toEqual([]);
    const network = await docker.getNetwork(DOJO_NETWORK).inspect();
    expect(network.IPAM?.Config).toEqual([expect.objectContaining({ Gateway: ECS_CONTAINER_HOST })]);
  });
});

describe('Docker runtime without Docker', () => {
  test('start() says Docker does not answer, where it looked, and what to do', async () => {
    const missing = new DockerRuntime({ docker: new Docker({ socketPath: '/nonexistent/docker.sock' }) });
    await expect(missing.start()).rejects.toMatchObject({
      name: 'DockerRuntimeError',
      message: expect.stringMatching(/Docker does not answer at \/nonexistent\/docker\.sock .*Start Docker.*KATA_RUNTIME=process/s),
      explanation: { ja: expect.stringContaining('KATA_RUNTIME=process') },
    });
  });
});
