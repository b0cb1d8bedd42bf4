import { OTHER_BACKENDS_HINT } from '../paths';
import { BackendPrerequisiteError, type Backend } from './backend';
import { ENDPOINT_ANSWER_TIMEOUT_MS, freezeEcsTaskState, isMoto } from './moto/moto-api';

/** Any local AWS already running at KATA_ENDPOINT: docker compose, a shared moto, Floci… */
export class EndpointBackend implements Backend {
  readonly name = 'endpoint';
  private readonly url: string;

  constructor(endpoint: string | undefined) {
    if (!endpoint) {
      throw new BackendPrerequisiteError({
        en: `KATA_BACKEND=endpoint needs KATA_ENDPOINT, the URL of a running local AWS (e.g. KATA_ENDPOINT=http://localhost:4566 after \`docker compose up localstack\`). ${OTHER_BACKENDS_HINT.en}`,
        ja: `KATA_BACKEND=endpoint には KATA_ENDPOINT(起動済みのローカル AWS の URL)が必要です(例: \`docker compose up localstack\` のあとで KATA_ENDPOINT=http://localhost:4566)。${OTHER_BACKENDS_HINT.ja}`,
      });
    }
    try {
      this.url = new URL(endpoint).origin;
    } catch {
      throw new BackendPrerequisiteError({
        en: `KATA_ENDPOINT=${endpoint} is not a URL; give one like http://localhost:4566. ${OTHER_BACKENDS_HINT.en}`,
        ja: `KATA_ENDPOINT=${endpoint} は URL ではありません。http://localhost:4566 のように指定してください。${OTHER_BACKENDS_HINT.ja}`,
      });
    }
  }

  async start(): Promise<void> {
    try {
      await fetch(this.url, { signal: AbortSignal.timeout(ENDPOINT_ANSWER_TIMEOUT_MS) });
    } catch (error) {
      const why = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      throw new BackendPrerequisiteError({
        en: `KATA_ENDPOINT=${this.url} does not answer (${why}). Start the local AWS there first (e.g. \`docker compose up moto\`), or fix the URL. ${OTHER_BACKENDS_HINT.en}`,
        ja: `KATA_ENDPOINT=${this.url} が応答しません(${why})。先にそこでローカル AWS を起動するか(例: \`docker compose up moto\`)、URL を直してください。${OTHER_BACKENDS_HINT.ja}`,
      });
    }
    if (await isMoto(this.url)) await freezeEcsTaskState(this.url);
  }

  endpoint(): string {
    return this.url;
  }

  /** moto reads the account from this header; LocalStack from the 12-digit access key the gateway keeps. */
  accountHeaders(accountId: string): Record<string, string> {
    return { 'x-moto-account-id': accountId };
  }

  async stop(): Promise<void> {}

  stopNow(): void {}
}
