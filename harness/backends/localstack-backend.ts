import { spawnSync } from 'node:child_process';
import { LocalstackContainer, type StartedLocalStackContainer } from '@testcontainers/localstack';
import { getContainerRuntimeClient } from 'testcontainers';
import { localize } from '../i18n';
import { defaultDocker } from '../images/docker-daemon';
import { OTHER_BACKENDS_HINT } from '../paths';
import { BackendPrerequisiteError, type Backend } from './backend';

/** The image used unless KATA_LOCALSTACK_IMAGE names another: LocalStack's last community release. */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';

/** The image KATA_BACKEND=localstack starts. */
export function localStackImage(env: NodeJS.ProcessEnv = process.env): string {
  return env.KATA_LOCALSTACK_IMAGE || DEFAULT_LOCALSTACK_IMAGE;
}

/** The token passed to the container, which decides LocalStack's edition; undefined for the community edition. */
export function localStackAuthToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.LOCALSTACK_AUTH_TOKEN || undefined;
}
const DOCKER_CHECK_TIMEOUT_MS = 4000;

/** LocalStack in a container started through testcontainers. */
export class LocalStackBackend implements Backend {
  readonly name = 'localstack';
  private container?: StartedLocalStackContainer;

  constructor(private readonly log: (line: string) => void) {}

  async start(): Promise<void> {
    await requireDocker();
    const image = localStackImage();
    const environment: Record<string, string> = {};
    const token = localStackAuthToken();
    if (token) environment.LOCALSTACK_AUTH_TOKEN = token;
    // AKIA/ASIA access key ids as on AWS (LocalStack's own are LKIA/LSIA); accounts are still routed by them.
    environment.PARITY_AWS_ACCESS_KEY_ID = process.env.PARITY_AWS_ACCESS_KEY_ID ?? '1';
    const withToken = Boolean(environment.LOCALSTACK_AUTH_TOKEN);
    this.log(
      localize({
        en: `Starting LocalStack (${image})${withToken ? ' with your LOCALSTACK_AUTH_TOKEN' : ''}…`,
        ja: `LocalStack(${image})を起動しています${withToken ? '(LOCALSTACK_AUTH_TOKEN を使用)' : ''}…`,
      }),
    );
    try {
      this.container = await new LocalstackContainer(image).withEnvironment(environment).start();
      this.log(
        localize({
          en: `LocalStack is running in container ${this.container.getId().slice(0, 12)}; it is removed when the run ends.`,
          ja: `LocalStack はコンテナ ${this.container.getId().slice(0, 12)} で動いています。実行の終わりに削除されます。`,
        }),
      );
    } catch (error) {
      const why = (error as Error).message;
      throw new BackendPrerequisiteError({
        en: `LocalStack (${image}) did not start: ${why}. Check that the image can be pulled (or set KATA_LOCALSTACK_IMAGE to one you have), and that LOCALSTACK_AUTH_TOKEN is set if the image needs one. ${OTHER_BACKENDS_HINT.en}`,
        ja: `LocalStack(${image})が起動しませんでした: ${why}。イメージを pull できるか(または手元にあるイメージを KATA_LOCALSTACK_IMAGE で指定)、そのイメージに LOCALSTACK_AUTH_TOKEN が必要なら設定されているかを確かめてください。${OTHER_BACKENDS_HINT.ja}`,
      });
    }
  }

  endpoint(): string {
    if (!this.container) throw new Error('localstack backend used before start()');
    return this.container.getConnectionUri();
  }

  /** LocalStack takes the account from a 12-digit access key id, which the gateway leaves as it is. */
  accountHeaders(): Record<string, string> {
    return {};
  }

  /** The container's processes as the host sees them (`docker top`). */
  async processIds(): Promise<number[]> {
    if (!this.container) return [];
    const top = spawnSync('docker', ['top', this.container.getId(), '-o', 'pid'], { encoding: 'utf8' });
    if (top.status !== 0) throw new Error(`docker top ${this.container.getId()} failed: ${top.stderr.trim()}`);
    return top.stdout.split('\n').slice(1).map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
  }

  async stop(): Promise<void> {
    const container = this.container;
    this.container = undefined;
    await container?.stop({ remove: true, removeVolumes: true });
  }

  stopNow(): void {
    const container = this.container;
    this.container = undefined;
    if (container) spawnSync('docker', ['rm', '--force', '--volumes', container.getId()], { stdio: 'ignore' });
  }
}

async function requireDocker(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DOCKER_CHECK_TIMEOUT_MS / 1000} s`)), DOCKER_CHECK_TIMEOUT_MS);
  });
  try {
    // testcontainers falls back to the local socket when DOCKER_HOST does not answer; the docker
    // CLI does not, and neither do we: a DOCKER_HOST the user set is the Docker they mean.
    if (process.env.DOCKER_HOST) {
      await Promise.race([defaultDocker().ping(), timeout]).catch((error: Error) => {
        throw new Error(`DOCKER_HOST=${process.env.DOCKER_HOST} does not answer: ${error.message}`);
      });
    }
    await Promise.race([getContainerRuntimeClient(), timeout]);
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    throw new BackendPrerequisiteError({
      en: `KATA_BACKEND=localstack needs Docker, and no running Docker engine was found (${why}). Start Docker (or set DOCKER_HOST), or use the default backend instead: run without KATA_BACKEND (moto in a project-local Python venv, no Docker needed). ${OTHER_BACKENDS_HINT.en}`,
      ja: `KATA_BACKEND=localstack には Docker が必要ですが、動いている Docker エンジンが見つかりません(${why})。Docker を起動する(または DOCKER_HOST を設定する)か、既定のバックエンドを使ってください: KATA_BACKEND を付けずに実行します(プロジェクト内の Python venv で動く moto。Docker は不要)。${OTHER_BACKENDS_HINT.ja}`,
    });
  } finally {
    clearTimeout(timer);
  }
}
