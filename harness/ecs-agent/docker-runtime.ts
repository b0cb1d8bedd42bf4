import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { IMAGES_DIR, stagedImageDir } from '../images/build-sample-image';
import { defaultDocker, dockerMessage, dockerStatus, whyDockerIsUnreachable } from '../images/docker-daemon';
import { buildDockerImage, findDockerImage } from '../images/docker-image';
import type { ContainerRuntime, ContainerSpec, ImageLookup, RunningContainer } from './container-runtime';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, startDockerContainer } from './docker-container';
import { ECS_CONTAINER_HOST, ensureDojoNetwork } from './docker-network';
import { DockerRuntimeError } from './docker-runtime-error';
import { STOP_GRACE_MS } from './process-runtime';

export interface DockerRuntimeOptions {
  /** Default: the Docker the `docker` CLI uses (DOCKER_HOST, else the local socket). */
  docker?: Docker;
  /** Where pushed images are staged (default: the project's .dojo/images/). */
  imagesDir?: string;
  /** Base image for builds (default: $KATA_DOCKER_BASE_IMAGE, else the Dockerfile's own). */
  baseImage?: string;
  /** `docker stop` grace before SIGKILL (default STOP_GRACE_MS, as the process runtime); whole seconds. */
  stopGraceMs?: number;
}

/**
 * Runs a task's containers in Docker, on the dojo's internal bridge network whose gateway, the
 * host, is 169.254.170.2 (see docker-network.ts). Images are built with `docker build` from the
 * pushed content (see docker-image.ts) and reused by content digest.
 */
export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker' as const;
  readonly harnessAddress = ECS_CONTAINER_HOST;
  private readonly docker: Docker;
  private readonly imagesDir: string;
  private readonly stopGraceMs: number;
  private readonly running = new Set<RunningContainer>();
  private readonly lookups = new Map<string, Promise<ImageLookup>>();

  constructor(private readonly options: DockerRuntimeOptions = {}) {
    this.docker = options.docker ?? defaultDocker();
    this.imagesDir = options.imagesDir ?? IMAGES_DIR;
    this.stopGraceMs = options.stopGraceMs ?? STOP_GRACE_MS;
  }

  async start(): Promise<void> {
    const unreachable = await whyDockerIsUnreachable(this.docker, {
      en: 'KATA_RUNTIME=docker runs ECS tasks as Docker containers.',
      ja: 'KATA_RUNTIME=docker は ECS タスクを Docker コンテナとして実行します。',
    });
    if (unreachable) throw new DockerRuntimeError(unreachable);
    await this.removeContainersOfDeadHarnesses();
    await ensureDojoNetwork(this.docker);
  }

  /** Throws ImagePipelineError when a build fails: that is this machine's problem, not the task's. */
  findImage(contentDigest: string): Promise<ImageLookup> {
    // One build per content at a time, however many tasks ask for it.
    let lookup = this.lookups.get(contentDigest);
    if (!lookup) {
      lookup = this.lookUp(contentDigest).finally(() => this.lookups.delete(contentDigest));
      this.lookups.set(contentDigest, lookup);
    }
    return lookup;
  }

  async run(spec: ContainerSpec): Promise<RunningContainer> {
    let container: RunningContainer;
    try {
      container = await startDockerContainer(this.docker, spec, this.stopGraceMs);
    } catch (error) {
      // Another harness process removed the network when its last task ended: make it again, once.
      if (!(dockerStatus(error) === 404 && /network/i.test(dockerMessage(error)))) throw error;
      await ensureDojoNetwork(this.docker);
      container = await startDockerContainer(this.docker, spec, this.stopGraceMs);
    }
    this.running.add(container);
    void container.exited.then(() => this.running.delete(container));
    return container;
  }

  async close(): Promise<void> {
    // The network stays (see ensureDojoNetwork): other harness processes may be listening on it.
    await Promise.all([...this.running].map((container) => container.stop('Task stopped: the local cloud is shutting down')));
  }

  private async lookUp(contentDigest: string): Promise<ImageLookup> {
    const found = await findDockerImage(this.docker, contentDigest);
    if (found) return { ok: true, image: { contentDigest, handle: found } };
    const dir = stagedImageDir(contentDigest, this.imagesDir);
    if (!dir) {
      return {
        ok: false,
        reason: {
          en: `The Docker runtime builds an image from content pushed on this machine, and ${contentDigest} was neither built in Docker nor staged here (${this.imagesDir}); push the image again.`,
          ja: `Docker ランタイムはこのマシンでプッシュされた内容からイメージをビルドしますが、${contentDigest} は Docker にもここ(${this.imagesDir})にもありません。イメージをもう一度プッシュしてください。`,
        },
      };
    }
    const built = await buildDockerImage(this.docker, dir, { baseImage: this.options.baseImage });
    if (built.contentDigest !== contentDigest) {
      return {
        ok: false,
        reason: {
          en: `The staged folder ${dir} no longer holds the pushed content ${contentDigest} (its files were changed; they hash to ${built.contentDigest}); push the image again.`,
          ja: `ステージされたフォルダー ${dir} はプッシュされた内容 ${contentDigest} ではなくなっています(ファイルが変更され、${built.contentDigest} になりました)。イメージをもう一度プッシュしてください。`,
        },
      };
    }
    return { ok: true, image: { contentDigest, handle: built.id } };
  }

  /** Containers left by a harness that was killed before it could stop them (SIGKILL, a crash). */
  private async removeContainersOfDeadHarnesses(): Promise<void> {
    const containers = await this.docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [OWNER_PID_LABEL, `${OWNER_HOST_LABEL}=${hostname()}`] }),
    });
    const orphans = containers.filter((container) => !isAlive(Number(container.Labels[OWNER_PID_LABEL])));
    await Promise.all(orphans.map((orphan) => this.docker.getContainer(orphan.Id).remove({ force: true }).catch(() => undefined)));
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
