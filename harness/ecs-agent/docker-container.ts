import { hostname } from 'node:os';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { dockerMessage, dockerStatus } from '../images/docker-daemon';
import type { ContainerExit, ContainerSpec, RunningContainer } from './container-runtime';
import { DOJO_NETWORK } from './docker-network';
import { DockerRuntimeError } from './docker-runtime-error';

export const TASK_ID_LABEL = 'aws-basics-dojo.task-id';
/** The harness process that started the container, so a later harness can remove what a killed one left. */
export const OWNER_PID_LABEL = 'aws-basics-dojo.owner-pid';
/** With the pid: a Docker shared by several machines holds containers whose pid means nothing here. */
export const OWNER_HOST_LABEL = 'aws-basics-dojo.owner-host';
/** Where the harness's preload file is mounted (read-only) in a container. */
export const PRELOAD_IN_CONTAINER = '/aws-basics-dojo/preload.js';
/** After the container exits, how long its output may take to arrive. */
const DRAIN_MS = 1_000;

/**
 * Creates and starts one container of a task on the dojo network, as ECS would:
 * - command: `spec.command`, else the image's CMD; a Node command gets `--require <preload>`
 *   right after `node` when the harness gives a preload (the file is bind-mounted read-only, so
 *   Docker must see this machine's files: a local daemon or Docker Desktop);
 * - environment: exactly `spec.environment` (and the image's own ENV, as in any container);
 *   nothing of the harness's;
 * - output: stdout and stderr apart, decoded as UTF-8 across chunks, to `spec.onOutput`;
 * - stop: `docker stop` (SIGTERM, SIGKILL after the grace); the container is removed once it has
 *   exited and its output is drained, and `exited` resolves then.
 */
export async function startDockerContainer(docker: Docker, spec: ContainerSpec, stopGraceMs: number): Promise<RunningContainer> {
  const command = await containerCommand(docker, spec);
  const usePreload = spec.preload !== undefined && command?.[0] === 'node';
  const container = await docker.createContainer({
    Image: spec.image.handle,
    ...(command ? { Cmd: usePreload ? ['node', '--require', PRELOAD_IN_CONTAINER, ...command.slice(1)] : command } : {}),
    Env: Object.entries(spec.environment).map(([name, value]) => `${name}=${value}`),
    Labels: {
      [TASK_ID_LABEL]: spec.taskId,
      [OWNER_PID_LABEL]: String(process.pid),
      [OWNER_HOST_LABEL]: hostname(),
      'aws-basics-dojo.container-name': spec.containerName,
    },
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      NetworkMode: DOJO_NETWORK,
      // Docker's DNS on an internal network cannot resolve names off it; without these a lookup
      // takes 10 s (5 s × 2 tries) to fail. Same failure, one second.
      DnsOptions: ['timeout:1', 'attempts:1'],
      ...(usePreload ? { Binds: [`${spec.preload}:${PRELOAD_IN_CONTAINER}:ro`] } : {}),
    },
  });

  const output = await container.attach({ stream: true, stdout: true, stderr: true });
  const drained = deliverOutput(docker, output, spec.onOutput);
  try {
    await container.start();
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw cannotStart(spec, command, error);
  }

  let finished = false;
  let timedOut = false;
  let stopReason: string | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;

  const exited = (async (): Promise<ContainerExit> => {
    let exitCode: number | null = null;
    try {
      exitCode = (await container.wait()).StatusCode;
    } catch {
      // The container vanished (removed from outside): there is no exit code to report.
    }
    finished = true;
    clearTimeout(timeoutTimer);
    let drainCap: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise((resolve) => (drainCap = setTimeout(resolve, DRAIN_MS)))]);
    clearTimeout(drainCap);
    (output as unknown as { destroy?: () => void }).destroy?.();
    await container.remove({ force: true }).catch(() => undefined);
    return { exitCode, signal: null, timedOut, ...(stopReason === undefined ? {} : { stopReason }) };
  })();

  const stop = (reason: string): Promise<ContainerExit> => {
    if (!finished && stopReason === undefined) {
      stopReason = reason;
      // Not awaited: it answers when the container has stopped, and `exited` reports that.
      container.stop({ t: Math.ceil(stopGraceMs / 1000) }).catch(() => undefined);
    }
    return exited;
  };

  timeoutTimer = setTimeout(() => {
    timedOut = true;
    void stop(`Task timed out: still running after ${spec.timeoutMs} ms`);
  }, spec.timeoutMs);

  return { runtimeId: container.id, exited, stop };
}

/** The command to run, from the spec or the image; undefined leaves it to Docker (which then names what is missing). */
async function containerCommand(docker: Docker, spec: ContainerSpec): Promise<string[] | undefined> {
  if (spec.command) return [...spec.command];
  try {
    const cmd = (await docker.getImage(spec.image.handle).inspect()).Config?.Cmd;
    return cmd && cmd.length > 0 ? cmd : undefined;
  } catch (error) {
    if (dockerStatus(error) !== 404) throw error;
    throw new DockerRuntimeError({
      en: `The Docker image ${spec.image.handle} (content ${spec.image.contentDigest}) for container ${spec.containerName} of task ${spec.taskId} is no longer in Docker: ` +
        `it was removed after the agent found it. Run the task again; the agent builds the image anew from the pushed content.`,
      ja: `タスク ${spec.taskId} のコンテナ ${spec.containerName} の Docker イメージ ${spec.image.handle}(内容 ${spec.image.contentDigest})が Docker にもうありません。` +
        'エージェントが見つけた後に削除されました。タスクをもう一度実行してください。エージェントがプッシュされた内容からイメージを作り直します。',
    }, { cause: error });
  }
}

/** Splits Docker's multiplexed attach stream into stdout and stderr; resolves when both have ended. */
function deliverOutput(docker: Docker, output: NodeJS.ReadableStream, onOutput: ContainerSpec['onOutput']): Promise<void> {
  const ends: Array<Promise<void>> = [];
  const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = streams[name];
    stream.setEncoding('utf8'); // a character split across chunks is held back until it is whole
    stream.on('data', (chunk: string) => onOutput(name, chunk));
    ends.push(new Promise((resolve) => stream.once('end', () => resolve())));
  }
  docker.modem.demuxStream(output, streams.stdout, streams.stderr);
  const endBoth = () => {
    streams.stdout.end();
    streams.stderr.end();
  };
  output.once('end', endBoth);
  output.once('close', endBoth);
  output.once('error', endBoth);
  return Promise.all(ends).then(() => undefined);
}

function cannotStart(spec: ContainerSpec, command: string[] | undefined, error: unknown): DockerRuntimeError {
  const said = dockerMessage(error);
  const shown = command ? JSON.stringify(command) : '(none: the image has no CMD)';
  return new DockerRuntimeError({
    en: `CannotStartContainerError: Docker could not start container ${spec.containerName} of task ${spec.taskId} (image ${spec.image.handle}, command ${shown}): ${said}. ` +
      'Check that the command exists in the image (its first word is an executable on the image\'s PATH) or fix the container definition\'s command.',
    ja: `CannotStartContainerError: Docker がタスク ${spec.taskId} のコンテナ ${spec.containerName}(イメージ ${spec.image.handle}、コマンド ${shown})を起動できませんでした: ${said}。` +
      'コマンドがイメージ内にあるか(最初の語がイメージの PATH 上の実行ファイルか)を確かめるか、コンテナ定義のコマンドを直してください。',
  }, { cause: error });
}
