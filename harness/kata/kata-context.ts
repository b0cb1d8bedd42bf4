import type { TraceEntry } from '../gateway/trace';
import type { PushCredentials, PushedImage } from '../images/push-image';
import type { KataClients } from '../runner/clients';

export type { KataClients };
export type { TraceEntry as KataCall };

/** Helpers a solution may call. */
export interface KataHarness {
  /** The API calls made in this kata's account so far, as the gateway saw them (oldest first). */
  calls(): Promise<TraceEntry[]>;
  /**
   * Builds the article's sample app (container/) and pushes it to the ECR repository
   * `repositoryUri` (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`, as CreateRepository
   * returns it) under `tag`, as `docker push` would. Signs as the account root unless
   * `credentials` are given (e.g. an IAM user's access key), so IAM decides whether it may.
   * The image digest depends only on the app's files: the same files push the same digest.
   */
  pushSampleImage(repositoryUri: string, tag: string, credentials?: PushCredentials): Promise<PushedImage>;
}

/** What `solve(ctx)` receives. */
export interface KataContext<Given = Record<string, never>> {
  /** The region to work in: 'ap-northeast-1' unless KATA_REGION is set. */
  region: string;
  /** This kata run's own 12-digit account; nothing else runs in it. */
  accountId: string;
  /** SDK v3 clients pointed at the local AWS, signed as the account root. */
  clients: KataClients;
  /** What the kata's setup created for you (ids, names, ARNs), described in the kata's README. */
  given: Given;
  harness: KataHarness;
}

/** The signature of every `solution.ts`'s default export. */
export type Solve<Given, Result> = (ctx: KataContext<Given>) => Promise<Result>;
