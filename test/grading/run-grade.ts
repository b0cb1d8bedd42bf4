import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GradeReport } from '../../harness/grading/grade-folders';
import { ROOT, withoutHarnessVariables } from '../run-dojo';

export interface GradeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The files --json, --junit and --markdown wrote. */
  files: { json: string; junit: string; markdown: string };
  report(): GradeReport;
}

/** Runs `npm run grade -- …` as the README gives it, with --json, --junit and --markdown into a temporary folder. */
export function runGrade(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 900_000): Promise<GradeRun> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'grade-out-'));
  const files = { json: path.join(out, 'grade.json'), junit: path.join(out, 'grade.xml'), markdown: path.join(out, 'grade.md') };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'grade', '--', ...args, '--json', files.json, '--junit', files.junit, '--markdown', files.markdown], {
      cwd: ROOT,
      env: { ...withoutHarnessVariables(process.env), KATA_LANG: 'en', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`npm run grade -- ${args.join(' ')} did not end within ${timeoutMs / 1000} s:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        ms: Date.now() - started,
        files,
        report: () => JSON.parse(fs.readFileSync(files.json, 'utf8')) as GradeReport,
      });
    });
  });
}

/** A folder outside the repository holding `<id>/solution.ts` copied from `from/<id>/solution.ts`, for the given katas. */
export function solutionsFolder(from: string, kataIds: string[]): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'graded-'));
  for (const id of kataIds) {
    fs.mkdirSync(path.join(folder, id));
    fs.copyFileSync(path.join(from, id, 'solution.ts'), path.join(folder, id, 'solution.ts'));
  }
  return folder;
}
