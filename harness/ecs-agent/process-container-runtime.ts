import { IMAGES_DIR, stagedImageDir } from '../images/build-sample-image';
import type { ContainerRuntime, ContainerSpec, ImageLookup, RunningContainer } from './container-runtime';
import { LOOPBACK } from './host-listeners';
import { imageCommand, startProcessContainer } from './process-runtime';

/**
 * The default runtime: a task's container is a child process running the staged image (the
 * pushed content with its node_modules) with the host's Node. See process-runtime.ts.
 */
export class ProcessContainerRuntime implements ContainerRuntime {
  readonly name = 'process' as const;
  readonly harnessAddress = LOOPBACK;
  private readonly running = new Set<RunningContainer>();

  constructor(private readonly imagesDir: string = IMAGES_DIR) {}

  async start(): Promise<void> {}

  async findImage(contentDigest: string): Promise<ImageLookup> {
    const dir = stagedImageDir(contentDigest, this.imagesDir);
    if (dir) return { ok: true, image: { contentDigest, handle: dir } };
    return {
      ok: false,
      reason: {
        en: 'The process runtime runs images pushed with pushSampleImage on this machine, and this content was not staged here; push the image again.',
        ja: 'プロセスランタイムはこのマシンで pushSampleImage によりプッシュしたイメージを実行しますが、この内容はここにステージされていません。イメージをもう一度プッシュしてください。',
      },
    };
  }

  async run(spec: ContainerSpec): Promise<RunningContainer> {
    const imageDir = spec.image.handle;
    const command = spec.command ? [...spec.command] : imageCommand(imageDir);
    const argv = spec.preload && command[0] === 'node' ? ['node', '--require', spec.preload, ...command.slice(1)] : command;
    const child = startProcessContainer({ imageDir, command: argv, environment: spec.environment, timeoutMs: spec.timeoutMs, onOutput: spec.onOutput });
    const container: RunningContainer = { runtimeId: `${spec.taskId}-${child.pid}`, exited: child.exited, stop: child.stop };
    this.running.add(container);
    void child.exited.then(() => this.running.delete(container));
    return container;
  }

  async close(): Promise<void> {
    await Promise.all([...this.running].map((container) => container.stop('Task stopped: the local cloud is shutting down')));
  }
}
