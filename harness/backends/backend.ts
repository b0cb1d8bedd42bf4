import { localize, type Bilingual } from '../i18n';

/** The AWS services a kata can declare in `katas.json` under `services`. */
export const KATA_SERVICES = ['ec2', 'iam', 'ecs', 'ecr', 'sts', 'logs', 's3'] as const;
export type KataService = (typeof KATA_SERVICES)[number];

export type BackendName = 'moto' | 'localstack' | 'endpoint';

/** What the backend answered when probed, service by service. */
export interface Capabilities {
  available: KataService[];
  /** Services the backend does not offer, with the reason it gave. */
  missing: Partial<Record<KataService, string>>;
}

/**
 * A local AWS that holds state. The harness never trusts it to validate what a kata checks;
 * it only stores resources and answers API calls.
 */
export interface Backend {
  readonly name: BackendName;
  /** Starts the backend (or connects to it) and resolves once it answers. */
  start(): Promise<void>;
  /** Base URL of the backend's API, e.g. http://127.0.0.1:5123. Valid after start(). */
  endpoint(): string;
  /** Headers that route a forwarded call into the given account on this backend. */
  accountHeaders(accountId: string): Record<string, string>;
  /** Stops what start() started. Safe to call twice and before start(). */
  stop(): Promise<void>;
  /** Stops synchronously, for process exit paths where nothing async can run. */
  stopNow(): void;
  /** Host pids of the processes start() started (for measuring them), if this backend runs any. */
  processIds?(): Promise<number[]>;
}

/** A prerequisite of the chosen backend is missing; the message says what to do instead. */
export class BackendPrerequisiteError extends Error {
  override name = 'BackendPrerequisiteError';

  constructor(text: Bilingual) {
    super(localize(text));
  }
}
