import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { localize, type Language } from '../i18n';
import { PROJECT_ROOT } from '../paths';
import type { LocalCloudInfo } from '../runner/local-cloud';
import { classifyKataRun, type KataFileRun } from './classify-kata-run';
import { kataError, type KataResult } from './kata-result';

export interface RunKatasOptions {
  /** A folder holding `<id>/solution.ts`. */
  solutionsDir: string;
  kataIds: string[];
  /** A running local cloud; every kata gets its own account in it. */
  cloud: LocalCloudInfo;
  language: Language;
  /** How long solve() may take, per kata (default: the kata's own limit, 60 s). */
  timeoutSeconds?: number;
  /** Jest workers for this folder (default 1). */
  workers?: number;
  onResult?: (result: KataResult) => void;
}

/** The harness could not run a folder's katas at all (Jest did not start, or ended without a word). */
export class GradingHarnessError extends Error {
  override name = 'GradingHarnessError';
}

export const DEFAULT_TIMEOUT_SECONDS = 60;

const JEST_BIN = require.resolve('jest/bin/jest');
const REPORTER = path.join(__dirname, 'jest-grading-reporter.cjs');
const OUTPUT_TAIL = 4000;

/**
 * Runs the kata tests of the project on a folder's solutions, each kata in its own account of
 * `cloud`, and grades each kata. A kata that blocks its Jest worker (a loop that never yields
 * escapes Jest's timeouts) is stopped: the Jest process is killed, the kata graded `error`, and
 * the katas that had not finished run again in a new Jest process.
 */
export async function runKatas(options: RunKatasOptions): Promise<KataResult[]> {
  const graded = new Map<string, KataResult>();
  const record = (result: KataResult) => {
    graded.set(result.id, result);
    options.onResult?.(result);
  };
  let pending = [...options.kataIds];
  while (pending.length > 0) {
    const round = await runJestOnce(pending, options);
    round.runs.forEach((run) => record(classifyKataRun(run, options.language)));
    round.blocked.forEach((id) => record(kataError(id, blockedMessage(options, id))));
    const progressed = round.runs.length + round.blocked.length > 0;
    pending = pending.filter((id) => !graded.has(id));
    if (pending.length > 0 && !progressed) {
      throw new GradingHarnessError(
        `Jest ended (exit ${round.exit}) without grading ${pending.join(', ')} of ${options.solutionsDir}. Its output:\n${round.output}`,
      );
    }
  }
  return options.kataIds.map((id) => graded.get(id)!);
}

/** How long a kata may block before it is stopped: well past Jest's own limits (solve() plus 30 s per check). */
export function blockedAfterSeconds(timeoutSeconds = DEFAULT_TIMEOUT_SECONDS): number {
  return timeoutSeconds * 2 + 60;
}

function blockedMessage(options: RunKatasOptions, id: string): string {
  const seconds = blockedAfterSeconds(options.timeoutSeconds);
  return localize(
    {
      en: `${id} was still running after ${seconds} s and was stopped: something in solve() never gave control back (a loop that never ends, a synchronous wait). Jest's own timeouts cannot interrupt that.`,
      ja: `${id} は ${seconds} 秒たっても終わらず、停止しました。solve() の中で制御が戻らない処理(終わらないループ、同期的な待ち)があります。Jest のタイムアウトではこれを止められません。`,
    },
    options.language,
  );
}

interface JestRound {
  runs: KataFileRun[];
  blocked: string[];
  exit: number | string | null;
  output: string;
}

function runJestOnce(kataIds: string[], options: RunKatasOptions): Promise<JestRound> {
  const args = [
    JEST_BIN,
    '--ci',
    `--reporters=${REPORTER}`,
    `--maxWorkers=${Math.max(1, options.workers ?? 1)}`,
    // Any memory limit makes Jest run tests in worker processes even when there is one test file
    // or one worker: a solution then never runs in the process that reports the results.
    '--workerIdleMemoryLimit=2GB',
    ...kataIds.map((id) => `--testPathPatterns=katas/${escapeRegExp(id)}/kata\\.test\\.ts$`),
    // Last: it takes every word after it as a project name.
    '--selectProjects',
    'katas',
  ];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: jestEnvironment(options),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group, so a kill reaches the workers too, even one stuck in a loop.
    detached: true,
  });
  const untrack = trackForExit(child);
  const round: JestRound = { runs: [], blocked: [], exit: null, output: '' };
  const timers = new Map<string, NodeJS.Timeout>();
  const keepOutput = (chunk: Buffer) => (round.output = (round.output + chunk.toString()).slice(-OUTPUT_TAIL));
  child.stdout!.on('data', keepOutput);
  child.stderr!.on('data', keepOutput);
  child.on('message', (message: { type: string; id?: string; run?: KataFileRun }) => {
    if (message.type === 'kata-start' && message.id) {
      const id = message.id;
      timers.set(
        id,
        setTimeout(() => {
          round.blocked.push(id);
          killGroup(child);
        }, blockedAfterSeconds(options.timeoutSeconds) * 1000),
      );
    } else if (message.type === 'kata-result' && message.run && !round.blocked.includes(message.run.id)) {
      clearTimeout(timers.get(message.run.id));
      round.runs.push(message.run);
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      timers.forEach(clearTimeout);
      untrack();
      round.exit = code ?? signal;
      resolve(round);
    });
  });
}

function jestEnvironment(options: RunKatasOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KATA_LOCAL_CLOUD: JSON.stringify(options.cloud),
    // Jest's global setup uses this cloud only in the Jest process this one spawned (see jest-global-setup.ts).
    KATA_LOCAL_CLOUD_OWNER: String(process.pid),
    KATA_SOLUTIONS_DIR: path.resolve(options.solutionsDir),
    KATA_LANG: options.language,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  if (options.timeoutSeconds !== undefined) env.KATA_SOLVE_TIMEOUT_SECONDS = String(options.timeoutSeconds);
  delete env.JEST_WORKER_ID;
  return env;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Jest runs in its own process group, so it would outlive this process: end it with us. */
function trackForExit(child: ChildProcess): () => void {
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => running.forEach(killGroup));
  }
  return () => running.delete(child);
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
