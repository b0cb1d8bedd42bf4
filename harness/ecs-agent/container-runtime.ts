import type { Bilingual } from '../i18n';

/** Where a task's containers run: child processes of the harness, or Docker containers. */
export type RuntimeName = 'process' | 'docker';

export interface ContainerExit {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The reason given to stop(), or the timeout's; absent when the container exited on its own. */
  stopReason?: string;
}

/** An image the runtime can start containers from (found or built for the pulled content). */
export interface RunnableImage {
  /** `sha256:<hex>` of the image's content: the layer digest its ECR manifest names. */
  contentDigest: string;
  /** Runtime-specific handle: a staged folder (process) or a Docker image id (docker). */
  handle: string;
}

export interface ContainerSpec {
  taskId: string;
  containerName: string;
  image: RunnableImage;
  /** The container definition's command (or its override); absent: the image's CMD. */
  command?: readonly string[];
  /** Exactly what the container's environment holds (ECS's variables and the task definition's). */
  environment: Record<string, string>;
  /**
   * A CommonJS file the harness preloads into a Node container (`node --require <file>`): the
   * stand-in for the task's network. Path on the harness's machine; the runtime makes it
   * readable inside the container.
   */
  preload?: string;
  /** A container still running after this long is stopped and reported as timed out. */
  timeoutMs: number;
  onOutput: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

export interface RunningContainer {
  /** The runtime's id for it (DescribeTasks shows it as the container's runtimeId). */
  runtimeId: string;
  exited: Promise<ContainerExit>;
  /** Like `docker stop`: SIGTERM, then SIGKILL after a short grace; resolves with the exit. Twice is harmless. */
  stop(reason: string): Promise<ContainerExit>;
}

export type ImageLookup = { ok: true; image: RunnableImage } | { ok: false; reason: Bilingual };

export interface ContainerRuntime {
  readonly name: RuntimeName;
  /**
   * The address a container reaches the harness at: the task's gateway port and the credentials
   * endpoint listen there. 127.0.0.1 for processes; the Docker network's gateway for containers.
   */
  readonly harnessAddress: string;
  /** Prepares what containers need (a Docker network, say). Called once, before any task. */
  start(): Promise<void>;
  /** The runnable image for pulled content, or why there is none (it becomes CannotPullContainerError). */
  findImage(contentDigest: string): Promise<ImageLookup>;
  run(spec: ContainerSpec): Promise<RunningContainer>;
  /** Stops and removes every container it started, then what start() made. */
  close(): Promise<void>;
}
