import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { ContainerExit } from './container-runtime';
import { commandFromDockerfile, ProcessRuntimeError } from './dockerfile-command';

export { ProcessRuntimeError } from './dockerfile-command';
export type { ContainerExit } from './container-runtime';

/**
 * The process runtime: one container of a task run as a child process of the harness, with the
 * host's Node, the way ECS runs it in a container.
 *
 * - Command: the image's CMD (read from the Dockerfile in `imageDir`) or `command`; it must start
 *   with `node`, which becomes the host's Node executable. cwd is `imageDir` (the image's WORKDIR).
 * - Environment: nothing of the host's but PATH (on Windows also SYSTEMROOT, without which Node
 *   cannot initialise Winsock or its crypto provider), HOME (and USERPROFILE on Windows) pointed
 *   at an empty directory made for this container, so `~/.aws` is never the host's, and then
 *   exactly `environment`. No AWS_* variable of the host ever reaches the container.
 * - Output: `onOutput(stream, chunk)` as the child writes it (UTF-8 decoded across chunks).
 * - Process group: the child leads a group of its own (POSIX), so the container's processes can
 *   be signalled together. As in Docker, when the main process exits every other process of the
 *   container is killed; stop() sends SIGTERM to the main process and SIGKILL to the whole
 *   group after a grace period.
 * - No orphans: running containers are killed from a process 'exit' hook, and a small reaper
 *   process kills them when the harness dies without running its hooks (a signal, SIGKILL).
 */
export interface StartProcessContainerOptions {
  /** The staged image: the Dockerfile, the app and its node_modules. */
  imageDir: string;
  /** Overrides the Dockerfile's CMD, like a container override's `command`; starts with 'node'. */
  command?: readonly string[];
  environment: Record<string, string>;
  /** A container still running after this long is stopped and reported as timed out. */
  timeoutMs: number;
  onOutput: (stream: 'stdout' | 'stderr', chunk: string) => void;
  /** SIGTERM-to-SIGKILL delay; default STOP_GRACE_MS. */
  stopGraceMs?: number;
}


export interface ProcessContainer {
  pid: number;
  exited: Promise<ContainerExit>;
  /** SIGTERM, then SIGKILL after the grace period; resolves with the exit. Stopping twice is harmless. */
  stop(reason: string): Promise<ContainerExit>;
}

/**
 * ECS waits stopTimeout (30 s by default, up to 120 s on Fargate) between SIGTERM and SIGKILL.
 * Ours is short: kata tasks have no state to flush, a kata's test must not wait half a minute for
 * a container that ignores SIGTERM, and the tests of the agent stop many tasks.
 */
export const STOP_GRACE_MS = 2_000;

/** After the main process exits, how long its output pipes may take to drain (a killed grandchild closes them). */
const DRAIN_MS = 1_000;

const running = new Map<number, { home: string }>();
let exitHookInstalled = false;

export function startProcessContainer(options: StartProcessContainerOptions): ProcessContainer {
  const { imageDir, environment, timeoutMs, onOutput } = options;
  const graceMs = options.stopGraceMs ?? STOP_GRACE_MS;
  if (!existsSync(imageDir) || !statSync(imageDir).isDirectory()) {
    throw new ProcessRuntimeError({
      en: `The image directory ${imageDir} does not exist. The process runtime runs a staged image (the app with its node_modules); build the image first.`,
      ja: `イメージのディレクトリ ${imageDir} が存在しません。プロセスランタイムはステージ済みのイメージ (アプリと node_modules) を実行します。先にイメージをビルドしてください。`,
    });
  }
  const argv = options.command ? [...options.command] : imageCommand(imageDir);
  if (argv[0] !== 'node') {
    throw new ProcessRuntimeError({
      en: `The container's command is ${JSON.stringify(argv)}. The process runtime runs Node apps only, with the host's Node: the command must start with "node". Use the Docker runtime (KATA_RUNTIME=docker) for other images.`,
      ja: `コンテナのコマンドは ${JSON.stringify(argv)} です。プロセスランタイムはホストの Node で Node アプリだけを実行するため、コマンドは "node" で始まる必要があります。それ以外のイメージには Docker ランタイム (KATA_RUNTIME=docker) を使ってください。`,
    });
  }

  const home = mkdtempSync(join(tmpdir(), 'ecs-task-home-'));
  const child = spawn(process.execPath, argv.slice(1), {
    cwd: imageDir,
    env: processEnvironment(home, environment),
    // On POSIX, detached makes the child a session and process-group leader: its pid is the
    // group id, and signalling -pid reaches every process the container started.
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (child.pid === undefined) {
    // spawn reports why asynchronously; the usual cause is an executable that cannot start.
    child.on('error', () => undefined);
    rmSync(home, { recursive: true, force: true });
    throw new ProcessRuntimeError({
      en: `Could not start ${process.execPath} ${argv.slice(1).join(' ')} in ${imageDir}.`,
      ja: `${imageDir} で ${process.execPath} ${argv.slice(1).join(' ')} を起動できませんでした。`,
    });
  }
  const pid = child.pid;
  track(pid, home);

  for (const stream of ['stdout', 'stderr'] as const) {
    const pipe = child[stream]!;
    pipe.setEncoding('utf8');
    pipe.on('data', (chunk: string) => onOutput(stream, chunk));
  }

  let timedOut = false;
  let stopReason: string | undefined;
  let finished = false;
  let killTimer: NodeJS.Timeout | undefined;

  const exited = new Promise<ContainerExit>((resolve) => {
    let closed = false;
    child.on('close', () => {
      closed = true;
    });
    child.on('exit', (exitCode, signal) => {
      finished = true;
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      // The container ends with its main process: whatever it left running goes too.
      killGroup(pid, 'SIGKILL');
      untrack(pid);
      const done = () => {
        rmSync(home, { recursive: true, force: true });
        resolve({ exitCode, signal, timedOut, ...(stopReason === undefined ? {} : { stopReason }) });
      };
      if (closed) return done();
      const drainCap = setTimeout(done, DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drainCap);
        done();
      });
    });
  });

  const stop = (reason: string): Promise<ContainerExit> => {
    if (!finished && stopReason === undefined) {
      stopReason = reason;
      // Like `docker stop`: SIGTERM to the main process; its exit takes the rest of the group.
      signalMain(child, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    }
    return exited;
  };

  const timeoutTimer = setTimeout(() => {
    timedOut = true;
    void stop(`Task timed out: still running after ${timeoutMs} ms`);
  }, timeoutMs);

  return { pid, exited, stop };
}

/** The CMD of the Dockerfile in imageDir. */
export function imageCommand(imageDir: string): string[] {
  const file = join(imageDir, 'Dockerfile');
  if (!existsSync(file)) {
    throw new ProcessRuntimeError({
      en: `No Dockerfile in ${imageDir}, and no command given. The process runtime takes the container's command from the image's Dockerfile (CMD) or from the command override.`,
      ja: `${imageDir} に Dockerfile がなく、コマンドも指定されていません。プロセスランタイムはコンテナのコマンドをイメージの Dockerfile (CMD) かコマンドのオーバーライドから取ります。`,
    });
  }
  return commandFromDockerfile(readFileSync(file, 'utf8'), file);
}

/** What the child process gets: PATH (and what Node needs on Windows), a fresh HOME, then `environment`. */
export function processEnvironment(
  home: string,
  environment: Record<string, string>,
  host: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  const env: Record<string, string> = {};
  // Windows spells it Path; look the name up without regard to case.
  const pathKey = Object.keys(host).find((key) => key.toUpperCase() === 'PATH');
  if (pathKey && host[pathKey] !== undefined) env.PATH = host[pathKey]!;
  env.HOME = home;
  if (platform === 'win32') {
    const systemRoot = host.SYSTEMROOT ?? host.SystemRoot;
    if (systemRoot) env.SYSTEMROOT = systemRoot;
    // os.homedir() and the SDK read USERPROFILE on Windows.
    env.USERPROFILE = home;
  }
  return { ...env, ...environment };
}

function signalMain(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    child.kill(signal);
  } catch {
    // Already gone.
  }
}

/** Every process of the container: the group on POSIX, the process tree on Windows. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: no process of the group is left.
  }
}

function track(pid: number, home: string): void {
  running.set(pid, { home });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killRunningContainers);
  }
  // A new reaper is told of every running container, this one included; otherwise tell it.
  if (reaperAlive()) reaper!.input.write(`${JSON.stringify({ pid, home })}\n`);
  else reaperInput();
}

function untrack(pid: number): void {
  running.delete(pid);
  if (reaperAlive()) reaper!.input.write(`${JSON.stringify({ pid })}\n`);
}

/** The harness is exiting: no container outlives it. Synchronous, as 'exit' hooks must be. */
export function killRunningContainers(): void {
  for (const [pid, { home }] of running) {
    killGroup(pid, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
  running.clear();
}

/** How many containers this process runs now. */
export function runningContainerCount(): number {
  return running.size;
}

/**
 * The reaper covers what an 'exit' hook cannot: a harness killed by a signal or SIGKILL. It is
 * one small Node process per harness process, in a process group of its own (a Ctrl-C to the
 * harness's group does not reach it), reading one JSON line per container started ({pid, home})
 * or ended ({pid}) on a pipe. The harness's end of the pipe closes however the harness ends; then
 * the reaper kills the groups still listed and removes their home directories.
 * Its handles are unref'd: it never keeps the harness alive.
 */
const REAPER_SOURCE = `
const { rmSync } = require('node:fs');
const containers = new Map();
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (data) => {
  buffer += data;
  let end;
  while ((end = buffer.indexOf('\\n')) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.home) containers.set(message.pid, message.home); else containers.delete(message.pid);
  }
});
const reap = () => {
  for (const [pid, home] of containers) {
    try { process.kill(-pid, 'SIGKILL'); } catch {}
    try { rmSync(home, { recursive: true, force: true }); } catch {}
  }
  process.exit(0);
};
process.stdin.on('end', reap);
process.stdin.on('error', reap);
`;

let reaper: { process: ChildProcess; input: Writable } | undefined;

function reaperInput(): Writable | undefined {
  if (process.platform === 'win32') return undefined; // No process groups; the exit hook covers Windows.
  if (reaperAlive()) return reaper!.input;
  const child = spawn(process.execPath, ['-e', REAPER_SOURCE], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '' },
  });
  const input = child.stdin!;
  input.on('error', () => undefined);
  child.on('error', () => undefined);
  child.unref();
  (input as unknown as { unref?: () => void }).unref?.();
  reaper = { process: child, input };
  // A reaper started again (the previous one died) learns every container still running.
  for (const [pid, { home }] of running) input.write(`${JSON.stringify({ pid, home })}\n`);
  return input;
}

function reaperAlive(): boolean {
  return reaper !== undefined && reaper.process.exitCode === null && reaper.process.signalCode === null;
}
