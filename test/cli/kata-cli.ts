import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../run-dojo';

const KATA_BIN = path.join(ROOT, 'harness/cli/kata/kata.js');
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

/** A learner's folder of solutions outside the project, with its own progress file: tests never touch katas/ or .dojo/. */
export interface Workspace {
  dir: string;
  progressFile: string;
  solution(id: string): string;
  env: NodeJS.ProcessEnv;
}

export function workspaceWith(starters: string[]): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-cli-'));
  for (const id of starters) {
    fs.mkdirSync(path.join(dir, id));
    fs.copyFileSync(path.join(ROOT, 'katas', id, 'solution.ts'), path.join(dir, id, 'solution.ts'));
  }
  const progressFile = path.join(dir, 'progress.json');
  return { dir, progressFile, solution: (id) => path.join(dir, id, 'solution.ts'), env: { KATA_SOLUTIONS_DIR: dir, KATA_PROGRESS_FILE: progressFile } };
}

export function copyReference(workspace: Workspace, id: string): void {
  fs.copyFileSync(path.join(ROOT, 'solutions', id, 'solution.ts'), workspace.solution(id));
}

/** Output as the learner reads it: no colour or screen codes, the temporary folder as <dir>. */
export function clean(text: string, workspace?: Workspace): string {
  const plain = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  return workspace ? plain.split(workspace.dir).join('<dir>') : plain;
}

/** The CLI as a learner starts it (`npm run kata -- …` runs this same file), in English unless env says otherwise. */
export function startKata(args: string[], env: NodeJS.ProcessEnv = {}): KataProcess {
  const child = spawn(process.execPath, [KATA_BIN, ...args], {
    cwd: ROOT,
    env: { ...withoutHarnessVariables(process.env), KATA_LANG: 'en', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new KataProcess(child);
}

export async function runKata(args: string[], env: NodeJS.ProcessEnv = {}, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const kata = startKata(args, env);
  kata.child.stdin!.end(input);
  const code = await kata.exited(60_000);
  return { code, stdout: kata.stdout, stderr: kata.stderr };
}

export class KataProcess {
  stdout = '';
  stderr = '';
  private readonly exit: Promise<number | null>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk) => {
      this.stdout += chunk;
      this.listeners.forEach((listener) => listener());
    });
    child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  }

  /** Waits until stdout, from `from` on, matches. */
  waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pattern.test(clean(this.stdout.slice(from)))) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`kata never printed ${pattern} within ${timeoutMs / 1000} s. stdout:\n${clean(this.stdout)}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** What the last run put on the cleared screen. */
  screen(workspace: Workspace): string[] {
    return clean(this.stdout.slice(this.stdout.lastIndexOf(CLEAR_SCREEN)), workspace).trimEnd().split('\n');
  }

  press(key: string): void {
    this.child.stdin!.write(`${key}\n`);
  }

  async exited(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`kata did not end within ${timeoutMs / 1000} s. stdout:\n${clean(this.stdout)}\nstderr:\n${this.stderr}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exit, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends a session a test left running; SIGTERM lets it stop its local cloud. */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }
}

/** The CLI starts its own local cloud and reads its own folder: it must not inherit this run's. */
function withoutHarnessVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.keys(copy)) if (name.startsWith('KATA_') || name === 'JEST_WORKER_ID') delete copy[name];
  return copy;
}
