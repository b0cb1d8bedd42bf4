import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The learner's changes to the starter as a unified diff (- starter, + theirs), headers left out. */
export function diffFromStarter(starter: Buffer, solution: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-starter-'));
  try {
    const starterFile = path.join(folder, 'starter.ts');
    fs.writeFileSync(starterFile, starter);
    const git = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-ext-diff', '-U2', '--', starterFile, solution], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const lines = git.stdout.split('\n');
    const firstHunk = lines.findIndex((line) => line.startsWith('@@'));
    return (firstHunk < 0 ? lines : lines.slice(firstHunk)).join('\n').trimEnd();
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
