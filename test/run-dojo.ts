import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
/** Kata runs of katas/ record their results for `npm run kata`: the suite's go here, never into the learner's .dojo/progress.json. */
const SUITE_PROGRESS_FILE = path.join(os.tmpdir(), `dojo-suite-progress-${process.pid}.json`);

export interface DojoRun {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs the README's test command (`npm test …` is `node scripts/test.mjs …`) in a child process. */
export function runDojo(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 240_000): Promise<DojoRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/test.mjs'), ...args], {
      cwd: ROOT,
      env: { ...withoutHarnessVariables(process.env), KATA_LANG: 'en', KATA_PROGRESS_FILE: SUITE_PROGRESS_FILE, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not end within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

/** A nested run starts its own local cloud: it must not inherit this run's. */
export function withoutHarnessVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.keys(copy)) if (name.startsWith('KATA_') || name === 'JEST_WORKER_ID') delete copy[name];
  return copy;
}
