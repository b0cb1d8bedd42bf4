import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Bilingual } from '../../i18n';

/** A kata's last verdict: pass, fail (a check failed) or error (nothing ran to a verdict). */
export type Outcome = 'pass' | 'fail' | 'error';

export interface LastRun {
  outcome: Outcome;
  /** sha256 of the solution.ts that was run: a solution changed since is no longer "solved". */
  solutionSha256: string;
  at: string;
}

export interface KataProgress {
  last?: LastRun;
  hintsShown: number;
}

/** The git-ignored state file (.dojo/progress.json): the learner's progress, kata by kata. */
export interface Progress {
  format: typeof FORMAT;
  version: typeof VERSION;
  katas: Record<string, KataProgress>;
}

const FORMAT = 'aws-basics-dojo progress';
const VERSION = 1;
const OUTCOMES: readonly string[] = ['pass', 'fail', 'error'];

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function emptyProgress(): Progress {
  return { format: FORMAT, version: VERSION, katas: {} };
}

/**
 * The progress kept in `file` (none yet: empty). A file this version cannot read is moved aside,
 * never deleted, and `onProblem` says where it went; progress then starts fresh.
 */
export function readProgress(file: string, onProblem: (text: Bilingual) => void): Progress {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyProgress();
    throw error;
  }
  let why: string | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    why = whyNotProgress(parsed);
    if (!why) return parsed as Progress;
  } catch (error) {
    why = (error as Error).message;
  }
  const backup = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, backup);
  onProblem({
    en: `The progress file ${file} could not be read (${why}). It is kept as ${backup}; progress starts fresh (solutions are untouched; run a kata to record it again).`,
    ja: `進捗ファイル ${file} を読めませんでした(${why})。${backup} として残し、進捗は新しく記録し直します(解答ファイルはそのままです。カタを実行すれば再び記録されます)。`,
  });
  return emptyProgress();
}

/** Reads, changes and writes the progress in one step; the write replaces the file whole (never half-written). */
export function updateProgress(file: string, change: (progress: Progress) => void, onProblem: (text: Bilingual) => void): Progress {
  const progress = readProgress(file, onProblem);
  change(progress);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
  fs.renameSync(temporary, file);
  return progress;
}

export function kataProgress(progress: Progress, id: string): KataProgress {
  return progress.katas[id] ?? { hintsShown: 0 };
}

export function recordRun(file: string, id: string, outcome: Outcome, solutionSha256: string, onProblem: (text: Bilingual) => void): void {
  updateProgress(
    file,
    (progress) => {
      progress.katas[id] = { ...kataProgress(progress, id), last: { outcome, solutionSha256, at: new Date().toISOString() } };
    },
    onProblem,
  );
}

function whyNotProgress(value: unknown): string | undefined {
  const record = value as Partial<Progress> | null;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'not a JSON object';
  if (record.format !== FORMAT) return `"format" is not "${FORMAT}"`;
  if (record.version !== VERSION) return `version ${JSON.stringify(record.version)} is not ${VERSION}`;
  if (typeof record.katas !== 'object' || record.katas === null) return '"katas" is not an object';
  for (const [id, kata] of Object.entries(record.katas)) {
    if (!Number.isInteger(kata?.hintsShown) || kata.hintsShown < 0) return `katas.${id}.hintsShown is not a count`;
    const last = kata.last;
    if (last === undefined) continue;
    if (!OUTCOMES.includes(last?.outcome) || !/^[0-9a-f]{64}$/.test(last.solutionSha256 ?? '') || typeof last.at !== 'string')
      return `katas.${id}.last is not { outcome, solutionSha256, at }`;
  }
  return undefined;
}
