import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { glob, isDynamicPattern } from 'tinyglobby';
import { learnerLanguage, type Language } from '../i18n';
import { loadManifest } from '../kata/manifest';
import { KATAS_DIR } from '../paths';
import { DEFAULT_TIMEOUT_SECONDS } from './run-katas';

export interface GradeArguments {
  /** As the user named them, relative to `from` (or absolute). */
  folders: string[];
  /** Where the command was typed. */
  from: string;
  kataIds: string[];
  json?: string;
  junit?: string;
  markdown?: string;
  timeoutSeconds: number;
  parallel: number;
  language: Language;
}

/** A command line that cannot be graded: the message says which value and what is accepted. */
export class GradeUsageError extends Error {
  override name = 'GradeUsageError';
}

export const GRADE_USAGE = `Usage: npm run grade -- [--solutions <folder or glob>]... [--kata <id>]... [--json <file>] [--junit <file>]
                       [--markdown <file>] [--timeout <seconds>] [--parallel <n>] [--lang en|ja]

Grades <folder>/<id>/solution.ts for every kata present in each folder (default: katas).`;

/** npm runs scripts from the project root; paths on the command line are the user's, from where they typed it. */
export function invocationDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD ?? process.cwd();
}

export async function parseGradeArguments(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<GradeArguments> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: {
        solutions: { type: 'string', multiple: true },
        kata: { type: 'string', multiple: true },
        json: { type: 'string' },
        junit: { type: 'string' },
        markdown: { type: 'string' },
        timeout: { type: 'string' },
        parallel: { type: 'string' },
        lang: { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new GradeUsageError(`${(error as Error).message}\n\n${GRADE_USAGE}`);
  }
  const { values } = parsed;
  const from = invocationDirectory(env);
  const outputFile = (file: string | undefined) => (file === undefined ? undefined : path.resolve(from, file));
  return {
    from,
    folders: await solutionFolders(values.solutions ?? [path.relative(from, KATAS_DIR) || '.'], from),
    kataIds: kataIds(values.kata ?? []),
    json: outputFile(values.json),
    junit: outputFile(values.junit),
    markdown: outputFile(values.markdown),
    timeoutSeconds: positiveNumber('--timeout', values.timeout, DEFAULT_TIMEOUT_SECONDS),
    parallel: Math.floor(positiveNumber('--parallel', values.parallel, os.availableParallelism())),
    language: language(values.lang, env),
  };
}

/** The folders as the user named them (for the scorecard), each resolvable from `from`. */
async function solutionFolders(given: string[], from: string): Promise<string[]> {
  const folders: string[] = [];
  for (const value of given) {
    if (isDynamicPattern(value)) {
      const matches = (await glob(value, { cwd: from, absolute: path.isAbsolute(value), onlyDirectories: true, expandDirectories: false })).map((match) => match.replace(/\/$/, '')).sort();
      if (matches.length === 0) throw new GradeUsageError(`--solutions ${value} matches no folder. Give a folder, or a glob such as 'pairs/*', relative to ${from}.`);
      folders.push(...matches);
    } else if (!fs.existsSync(path.resolve(from, value)) || !fs.statSync(path.resolve(from, value)).isDirectory()) {
      throw new GradeUsageError(`--solutions ${value}: there is no such folder (from ${from}). It must hold <kata id>/solution.ts, e.g. ${value}/01-cidr-basics/solution.ts.`);
    } else {
      folders.push(value);
    }
  }
  return [...new Set(folders)];
}

/** Every kata of the manifest, or the ones asked for; an id prefix is enough, as with `npm test katas`. */
function kataIds(asked: string[]): string[] {
  const ids = loadManifest().map((kata) => kata.id);
  if (asked.length === 0) return ids;
  const chosen = asked.map((word) => {
    const matches = ids.filter((id) => id === word || id.startsWith(word));
    if (matches.length === 1) return matches[0];
    const why = matches.length === 0 ? 'is not a kata' : `matches ${matches.join(', ')}`;
    throw new GradeUsageError(`--kata ${word} ${why}. Kata ids:\n  ${ids.join('\n  ')}`);
  });
  return ids.filter((id) => chosen.includes(id));
}

function positiveNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new GradeUsageError(`${flag} ${value} is not a positive number.`);
  return number;
}

function language(value: string | undefined, env: NodeJS.ProcessEnv): Language {
  if (value === undefined) return learnerLanguage(env);
  if (value === 'en' || value === 'ja') return value;
  throw new GradeUsageError(`--lang ${value}: the languages are en and ja.`);
}
