import { currentLocalCloud } from '../runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../runner/clients';
import { accountCalls, newAccount } from '../runner/control-api';
import type { TraceEntry } from '../gateway/trace';
import { pushSampleImage } from '../images/push-sample-image';
import { localize } from '../i18n';
import { formatCalls } from './format-calls';
import type { KataContext, KataHarness } from './kata-context';
import { KataAssertionError, KataHarnessError, KataSolveError } from './kata-errors';
import { manifestEntry } from './manifest';
import { skipReason } from './skip-reason';
import { loadSolution } from './solution-loader';

export interface KataSetupEnv {
  accountId: string;
  region: string;
  /** Root clients of the kata's account, for creating what the kata starts from. */
  clients: KataClients;
  /** The helpers a solution gets too, e.g. pushSampleImage for a repository the setup made. */
  harness: KataHarness;
}

export interface KataDefinition<Given> {
  id: string;
  /** Creates what the learner is given; runs before solve() in the kata's fresh account. */
  setup?: (env: KataSetupEnv) => Promise<Given>;
  /** How long solve() may take (default 60 s). */
  solveTimeoutMs?: number;
}

/** A kata after its solution ran once; every test of the kata checks this same run. */
export interface SolvedKata<Given, Result> {
  given: Given;
  result: Result;
  accountId: string;
  region: string;
  /** Root clients for the checks, separate from the ones the solution used. */
  clients: KataClients;
  /** The AWS API calls the solution made, in order. */
  calls: TraceEntry[];
}

const DEFAULT_SOLVE_TIMEOUT_MS = 60_000;

/**
 * Declares the kata of this test file. `kata.test(name, body)` runs the solution once (lazily,
 * in its own account), then the body checks what it did with `check()`; a failed check shows the
 * calls the solution made.
 */
export function kata<Given = Record<string, never>, Result = void>(definition: KataDefinition<Given>) {
  const entry = manifestEntry(definition.id);
  const cloud = currentLocalCloud();
  const unavailable = entry.services.filter((service) => !cloud.capabilities.available.includes(service));
  const openClients: KataClients[] = [];
  let run: Promise<SolvedKata<Given, Result>> | undefined;

  afterAll(() => openClients.forEach(destroyClients));

  async function solveOnce(): Promise<SolvedKata<Given, Result>> {
    const accountId = await newAccount(cloud.gatewayUrl);
    const target = { endpoint: cloud.gatewayUrl, region: cloud.region, credentials: rootCredentials(accountId) };
    const checkClients = createClients(target);
    const solutionClients = createClients(target);
    openClients.push(checkClients, solutionClients);

    const harness: KataHarness = {
      calls: async () => (await accountCalls(cloud.gatewayUrl, accountId)).calls,
      pushSampleImage: (repositoryUri, tag, credentials = rootCredentials(accountId)) =>
        pushSampleImage({ repositoryUri, tag, endpoint: cloud.gatewayUrl, credentials }, { docker: cloud.runtime === 'docker' }),
    };
    let given: Given;
    try {
      given = definition.setup
        ? await definition.setup({ accountId, region: cloud.region, clients: checkClients, harness })
        : ({} as Given);
    } catch (error) {
      throw new KataHarnessError({
        en: `The setup of kata ${definition.id} failed (a harness problem, not your solution): ${String(error)}`,
        ja: `カタ ${definition.id} の準備に失敗しました(解答ではなくハーネスの問題です): ${String(error)}`,
      });
    }

    const solve = loadSolution<Given, Result>(definition.id);
    const marker = (await accountCalls(cloud.gatewayUrl, accountId, Number.MAX_SAFE_INTEGER)).latestSeq;
    const ctx: KataContext<Given> = {
      region: cloud.region,
      accountId,
      clients: solutionClients,
      given,
      harness,
    };
    const callsSoFar = async () => (await accountCalls(cloud.gatewayUrl, accountId, marker)).calls;
    const timeoutMs = solveTimeoutMs(definition);
    let result: Result;
    try {
      result = await withTimeout(solve(ctx), timeoutMs);
    } catch (error) {
      const calls = callsSection(accountId, await callsSoFar());
      const thrown = `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`;
      const failure = new KataSolveError(
        error instanceof SolveTimeout
          ? {
              en: `solve() did not finish within ${timeoutMs / 1000} s. Look for an await that never settles or a loop that never ends.${calls}`,
              ja: `solve() が ${timeoutMs / 1000} 秒以内に終わりませんでした。終わらない await や、止まらないループがないか見てください。${calls}`,
            }
          : { en: `solve() threw ${thrown}${calls}`, ja: `solve() が例外を投げました: ${thrown}${calls}` },
      );
      if (!(error instanceof SolveTimeout) && error instanceof Error) failure.stack = `${failure.name}: ${failure.message}\n\nWhere it was thrown:\n${error.stack ?? ''}`;
      throw failure;
    }
    return { given, result, accountId, region: cloud.region, clients: checkClients, calls: await callsSoFar() };
  }

  function callsSection(accountId: string, calls: TraceEntry[]): string {
    return entry.services.length > 0 ? `\n\n${formatCalls(accountId, calls)}` : '';
  }

  return {
    entry,
    test(name: string, body: (solved: SolvedKata<Given, Result>) => Promise<void> | void, timeoutMs?: number): void {
      if (unavailable.length > 0) {
        const why = localize(skipReason(cloud.backend, unavailable, cloud.capabilities));
        test.skip(`${name} [${why}]`, () => {});
        return;
      }
      test(
        name,
        async () => {
          const solved = await (run ??= solveOnce());
          try {
            await body(solved);
          } catch (error) {
            if (error instanceof KataAssertionError) error.append(callsSection(solved.accountId, solved.calls));
            throw error;
          }
        },
        timeoutMs ?? solveTimeoutMs(definition) + 30_000,
      );
    },
  };
}

/** The kata's own limit, lowered when a grader sets KATA_SOLVE_TIMEOUT_SECONDS (`npm run grade -- --timeout`). */
function solveTimeoutMs(definition: KataDefinition<unknown>, env: NodeJS.ProcessEnv = process.env): number {
  const own = definition.solveTimeoutMs ?? DEFAULT_SOLVE_TIMEOUT_MS;
  const graderSeconds = Number(env.KATA_SOLVE_TIMEOUT_SECONDS);
  return graderSeconds > 0 ? Math.min(own, graderSeconds * 1000) : own;
}

class SolveTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SolveTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
