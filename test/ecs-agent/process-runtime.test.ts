import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerEnvironment } from '../../harness/ecs-agent/container-environment';
import { commandFromDockerfile } from '../../harness/ecs-agent/dockerfile-command';
import {
  killRunningContainers,
  processEnvironment,
  ProcessRuntimeError,
  runningContainerCount,
  startProcessContainer,
  type ProcessContainer,
  type StartProcessContainerOptions,
} from '../../harness/ecs-agent/process-runtime';

jest.setTimeout(30_000);

const fixtures = join(__dirname, '..', 'fixtures', 'containers');
const fixture = (name: string) => join(fixtures, name);

interface Run {
  container: ProcessContainer;
  events: Array<{ stream: 'stdout' | 'stderr'; chunk: string }>;
  text(stream: 'stdout' | 'stderr'): string;
  /** Resolves when the container has printed `needle` on stdout. */
  printed(needle: string): Promise<string>;
}

function run(options: Partial<StartProcessContainerOptions> & { imageDir: string }): Run {
  const events: Run['events'] = [];
  const waiters: Array<() => void> = [];
  const container = startProcessContainer({
    environment: {},
    timeoutMs: 20_000,
    ...options,
    onOutput: (stream, chunk) => {
      events.push({ stream, chunk });
      options.onOutput?.(stream, chunk);
      for (const waiter of [...waiters]) waiter();
    },
  });
  const text = (stream: 'stdout' | 'stderr') => events.filter((event) => event.stream === stream).map((event) => event.chunk).join('');
  const printed = (needle: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (text('stdout').includes(needle)) resolve(text('stdout'));
      };
      waiters.push(check);
      check();
      void container.exited.then(() => {
        check();
        reject(new Error(`the container exited without printing ${needle}; stdout: ${text('stdout')} stderr: ${text('stderr')}`));
      });
    });
  return { container, events, text, printed };
}

/** Alive and not a zombie (a killed process whose parent has not reaped it yet is gone for us). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  if (existsSync(stat)) {
    const state = readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  }
  return true;
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !isAlive(pid);
}

afterAll(() => {
  // Whatever a failed test left running.
  killRunningContainers();
});

describe('process runtime: output and exit', () => {
  it('streams stdout and stderr line by line, in order, while the container runs', async () => {
    let aliveAtFirstChunk: boolean | undefined;
    const { container, events, text } = run({
      imageDir: fixture('lines'),
      onOutput: () => {
        aliveAtFirstChunk ??= isAlive(container.pid);
      },
    });
    const exit = await container.exited;

    expect(exit).toEqual({ exitCode: 0, signal: null, timedOut: false });
    expect(text('stdout')).toBe('out 1\nout 2\nout 3\nout 4\nout 5\n日本語の行\n');
    expect(text('stderr')).toBe('err 1\nerr 2\n');
    expect(aliveAtFirstChunk).toBe(true);
    // Across the two streams too: err 1 was written between out 2 and out 3.
    const order = events.map((event) => event.chunk).join('');
    expect(order.indexOf('out 2')).toBeLessThan(order.indexOf('err 1'));
    expect(order.indexOf('err 1')).toBeLessThan(order.indexOf('out 3'));
  });

  it('reports the exit code of the container', async () => {
    const { container } = run({ imageDir: fixture('lines'), environment: { EXIT_CODE: '3' } });
    await expect(container.exited).resolves.toEqual({ exitCode: 3, signal: null, timedOut: false });
    expect(runningContainerCount()).toBe(0);
  });

  it('runs the CMD of the last stage of the Dockerfile, continued lines and all', async () => {
    const { container, text } = run({ imageDir: fixture('dockerfile-cmd') });
    await container.exited;
    expect(JSON.parse(text('stdout'))).toEqual(['--greeting', 'hello']);
  });

  it('runs a command override instead of the CMD', async () => {
    const { container, text } = run({ imageDir: fixture('dockerfile-cmd'), command: ['node', 'main.js', 'override'] });
    await container.exited;
    expect(JSON.parse(text('stdout'))).toEqual(['override']);
  });
});

describe('process runtime: a clean environment', () => {
  const hostAws = {
    AWS_ACCESS_KEY_ID: 'AKIAHOSTHOSTHOSTHOST',
    AWS_SECRET_ACCESS_KEY: 'host-secret',
    AWS_PROFILE: 'host-profile',
    AWS_SHARED_CREDENTIALS_FILE: '/host/credentials',
  };
  const saved: Record<string, string | undefined> = {};
  let hostHome: string;

  beforeAll(() => {
    // The test process looks like a developer's machine: AWS variables, and a ~/.aws with a profile.
    hostHome = mkdtempSync(join(tmpdir(), 'host-home-'));
    mkdirSync(join(hostHome, '.aws'));
    writeFileSync(join(hostHome, '.aws', 'credentials'), '[host-profile]\naws_access_key_id = AKIAHOSTHOSTHOSTHOST\n');
    for (const [name, value] of Object.entries({ ...hostAws, HOME: hostHome, USERPROFILE: hostHome, AWS_REGION: 'us-east-1' })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(hostHome, { recursive: true, force: true });
  });

  it('gives the container PATH, an empty HOME of its own and exactly the given variables', async () => {
    const { environment } = containerEnvironment({
      region: 'ap-northeast-1',
      endpointUrl: 'http://127.0.0.1:45678',
      metadataUri: 'http://127.0.0.1:45679/v4/task-1',
      taskDefinitionEnvironment: [{ name: 'GREETING', value: 'こんにちは' }],
    });
    const { container, text } = run({ imageDir: fixture('print-env'), environment });
    await container.exited;
    const seen = JSON.parse(text('stdout')) as { env: Record<string, string>; home: string; homeEntries: string[]; awsDirExists: boolean; cwd: string };

    expect(Object.keys(seen.env).sort()).toEqual(['HOME', 'PATH', ...Object.keys(environment)].sort());
    expect(seen.env.PATH).toBe(process.env.PATH);
    for (const [name, value] of Object.entries(environment)) expect(seen.env[name]).toBe(value);
    for (const name of Object.keys(hostAws)) expect(seen.env).not.toHaveProperty(name);
    expect(seen.env.AWS_REGION).toBe('ap-northeast-1');
    expect(seen.home).not.toBe(hostHome);
    expect(seen.homeEntries).toEqual([]);
    expect(seen.awsDirExists).toBe(false);
    expect(seen.cwd).toBe(fixture('print-env'));
    // The per-container home is removed with the container.
    expect(existsSync(seen.home)).toBe(false);
  });

  it('keeps only what Node needs on Windows: Path as PATH, SYSTEMROOT, and USERPROFILE as the fresh home', () => {
    const host = { Path: 'C:\\Windows\\system32', SystemRoot: 'C:\\Windows', AWS_PROFILE: 'host', USERPROFILE: 'C:\\Users\\me', TEMP: 'C:\\Temp' };
    expect(processEnvironment('C:\\tmp\\home', { A: '1' }, host, 'win32')).toEqual({
      PATH: 'C:\\Windows\\system32',
      HOME: 'C:\\tmp\\home',
      SYSTEMROOT: 'C:\\Windows',
      USERPROFILE: 'C:\\tmp\\home',
      A: '1',
    });
  });
});

describe('process runtime: stopping', () => {
  it('stops a container that runs past its timeout and reports timedOut', async () => {
    const started = Date.now();
    const { container } = run({ imageDir: fixture('sleeper'), timeoutMs: 500 });
    const exit = await container.exited;
    expect(exit).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: true });
    expect(exit.stopReason).toMatch(/timed out.*500 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('sends SIGKILL after the grace period to a container that ignores SIGTERM', async () => {
    const { container, printed, text } = run({ imageDir: fixture('sleeper'), environment: { IGNORE_SIGTERM: '1' }, stopGraceMs: 300 });
    await printed('sleeping');
    const stopping = container.stop('Scaling activity initiated by deployment');
    expect(container.stop('again')).toBe(stopping);
    await expect(stopping).resolves.toEqual({
      exitCode: null,
      signal: 'SIGKILL',
      timedOut: false,
      stopReason: 'Scaling activity initiated by deployment',
    });
    expect(text('stdout')).toContain('SIGTERM ignored');
    // Stopping a stopped container answers with how it ended.
    await expect(container.stop('late')).resolves.toMatchObject({ signal: 'SIGKILL', stopReason: 'Scaling activity initiated by deployment' });
  });

  it('kills the processes the container started along with it', async () => {
    const { container, printed } = run({ imageDir: fixture('grandchild') });
    const grandchild = Number(/grandchild (\d+)/.exec(await printed('grandchild '))![1]);
    expect(isAlive(grandchild)).toBe(true);
    await expect(container.stop('Task stopped by user')).resolves.toMatchObject({ signal: 'SIGTERM' });
    expect(await goneWithin(grandchild, 2_000)).toBe(true);
  });
});

describe('process runtime: no container outlives the harness', () => {
  const launcher = join(__dirname, 'process-runtime-launcher.ts');

  function launch(mode: 'exit' | 'wait') {
    const harness = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', launcher, mode], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const containerPid = new Promise<number>((resolve, reject) => {
      let out = '';
      harness.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /container (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      harness.on('exit', () => reject(new Error(`the launcher exited without starting a container: ${out}`)));
    });
    const ended = new Promise<void>((resolve) => harness.on('exit', () => resolve()));
    return { harness, containerPid, ended };
  }

  it('registers a process exit hook that kills every running container', async () => {
    const { container, printed } = run({ imageDir: fixture('sleeper') });
    await printed('sleeping');
    expect(process.listeners('exit')).toContain(killRunningContainers);
    killRunningContainers();
    await expect(container.exited).resolves.toMatchObject({ exitCode: null, signal: 'SIGKILL' });
    expect(runningContainerCount()).toBe(0);
  });

  it('leaves no container behind when the harness process exits', async () => {
    const { containerPid, ended } = launch('exit');
    const pid = await containerPid;
    await ended;
    expect(await goneWithin(pid, 1_000)).toBe(true);
  });

  it('kills running containers when the harness is killed with SIGKILL', async () => {
    if (process.platform === 'win32') return; // No process groups: the exit hook is all there is.
    const { harness, containerPid, ended } = launch('wait');
    const pid = await containerPid;
    expect(isAlive(pid)).toBe(true);
    const environ = `/proc/${pid}/environ`; // Linux: the container's HOME, to see it removed too.
    const home = existsSync(environ) ? /(?:^|\0)HOME=([^\0]*)/.exec(readFileSync(environ, 'utf8'))?.[1] : undefined;
    harness.kill('SIGKILL');
    await ended;
    expect(await goneWithin(pid, 3_000)).toBe(true);
    if (home) {
      const deadline = Date.now() + 1_000;
      while (existsSync(home) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(existsSync(home)).toBe(false);
    }
  });
});

describe('process runtime: what it refuses', () => {
  it('refuses an image directory that does not exist', () => {
    expect(() => run({ imageDir: join(fixtures, 'no-such-image') })).toThrow(/does not exist.*build the image first/);
  });

  it('refuses a command that is not node', () => {
    expect(() => run({ imageDir: fixture('lines'), command: ['python3', 'app.py'] })).toThrow(ProcessRuntimeError);
    expect(() => run({ imageDir: fixture('lines'), command: ['python3', 'app.py'] })).toThrow(/must start with "node".*KATA_RUNTIME=docker/);
  });
});

describe('commandFromDockerfile', () => {
  it('reads exec form, case-insensitively, the last CMD winning', () => {
    expect(commandFromDockerfile('FROM node:22\nCMD ["node", "a.js"]\ncmd [ "node", "index.js" ]\n')).toEqual(['node', 'index.js']);
  });

  it('reads the project\'s sample image', () => {
    expect(commandFromDockerfile(readFileSync(join(__dirname, '..', '..', 'container', 'Dockerfile'), 'utf8'))).toEqual(['node', 'index.js']);
  });

  it('skips comments inside a continued instruction', () => {
    expect(commandFromDockerfile('FROM node\r\nCMD ["node", \\\r\n# the entry\r\n  "server.js"]\r\n')).toEqual(['node', 'server.js']);
  });

  it('splits plain shell form into words, as the process runtime starts no shell', () => {
    expect(commandFromDockerfile('FROM node\nCMD node   index.js --port 80\n')).toEqual(['node', 'index.js', '--port', '80']);
  });

  it('refuses shell form with shell syntax, naming exec form as the fix', () => {
    expect(() => commandFromDockerfile('FROM node\nCMD node index.js && echo $HOME\n')).toThrow(/exec form/);
    // Not a JSON array of strings: Docker reads it as shell form.
    expect(() => commandFromDockerfile("FROM node\nCMD ['node', 'index.js']\n")).toThrow(/shell form/);
  });

  it('refuses ENTRYPOINT and a last stage without CMD', () => {
    expect(() => commandFromDockerfile('FROM node\nENTRYPOINT ["node"]\nCMD ["index.js"]\n')).toThrow(/ENTRYPOINT/);
    expect(() => commandFromDockerfile('FROM node AS build\nCMD ["node", "a.js"]\nFROM build\n', 'images/x/Dockerfile')).toThrow(
      /images\/x\/Dockerfile has no CMD in its last stage/,
    );
  });
});

describe('containerEnvironment', () => {
  const base = { region: 'ap-northeast-1', endpointUrl: 'http://127.0.0.1:4000', metadataUri: 'http://127.0.0.1:4001/v4/abc' };

  it('sets what ECS sets, and no credential variables for a task without a role', () => {
    const { environment, ignored } = containerEnvironment(base);
    expect(environment).toEqual({
      AWS_REGION: 'ap-northeast-1',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
      ECS_CONTAINER_METADATA_URI_V4: 'http://127.0.0.1:4001/v4/abc',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4000',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(ignored).toEqual([]);
  });

  it('adds the credentials endpoint and token for a task with a role', () => {
    const { environment } = containerEnvironment({ ...base, credentials: { fullUri: 'http://127.0.0.1:4002/v2/credentials/x', authorizationToken: 'tok' } });
    expect(environment.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe('http://127.0.0.1:4002/v2/credentials/x');
    expect(environment.AWS_CONTAINER_AUTHORIZATION_TOKEN).toBe('tok');
  });

  it('keeps a region the task definition sets and then injects neither region variable, as the ECS agent does', () => {
    const { environment } = containerEnvironment({ ...base, taskDefinitionEnvironment: [{ name: 'AWS_REGION', value: 'eu-west-1' }] });
    expect(environment.AWS_REGION).toBe('eu-west-1');
    expect(environment).not.toHaveProperty('AWS_DEFAULT_REGION');
    const other = containerEnvironment({ ...base, taskDefinitionEnvironment: [{ name: 'AWS_DEFAULT_REGION', value: 'us-west-2' }] }).environment;
    expect(other.AWS_DEFAULT_REGION).toBe('us-west-2');
    expect(other).not.toHaveProperty('AWS_REGION');
  });

  it('writes the metadata URI and the credentials endpoint over the task definition, as the ECS agent does', () => {
    const { environment, ignored } = containerEnvironment({
      ...base,
      credentials: { fullUri: 'http://127.0.0.1:4002/v2/credentials/x', authorizationToken: 'tok' },
      taskDefinitionEnvironment: [
        { name: 'ECS_CONTAINER_METADATA_URI_V4', value: 'http://elsewhere' },
        { name: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', value: '/v2/credentials/other' },
        { name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN', value: 'guess' },
      ],
    });
    expect(environment.ECS_CONTAINER_METADATA_URI_V4).toBe(base.metadataUri);
    expect(environment.AWS_CONTAINER_AUTHORIZATION_TOKEN).toBe('tok');
    expect(environment).not.toHaveProperty('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
    expect(ignored.map((entry) => entry.name)).toEqual(['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']);
  });

  it('never lets the task definition send calls past the gateway, and says why in both languages', () => {
    const { environment, ignored } = containerEnvironment({
      ...base,
      taskDefinitionEnvironment: [
        { name: 'AWS_ENDPOINT_URL', value: 'https://ecr.ap-northeast-1.amazonaws.com' },
        { name: 'AWS_ENDPOINT_URL_ECR', value: 'https://ecr.ap-northeast-1.amazonaws.com' },
        { name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', value: 'true' },
      ],
    });
    expect(environment.AWS_ENDPOINT_URL).toBe(base.endpointUrl);
    expect(environment).not.toHaveProperty('AWS_ENDPOINT_URL_ECR');
    expect(environment).not.toHaveProperty('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS');
    expect(ignored.map((entry) => entry.name)).toEqual(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECR', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']);
    expect(ignored[0].reason.en).toContain(base.endpointUrl);
    expect(ignored[0].reason.ja).toContain('ゲートウェイ');
  });

  it('passes the task definition\'s other variables, the last of a repeated name winning', () => {
    const { environment } = containerEnvironment({
      ...base,
      taskDefinitionEnvironment: [{ name: 'STAGE', value: 'dev' }, { name: 'STAGE', value: 'prod' }, { name: 'EMPTY' }, { value: 'nameless' }],
    });
    expect(environment.STAGE).toBe('prod');
    expect(environment.EMPTY).toBe('');
  });
});
