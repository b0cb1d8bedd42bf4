import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Capabilities } from '../backends/backend';
import type { Language } from '../i18n';
import type { LocalCloudInfo } from '../runner/local-cloud';
import { harnessFailureOf } from './classify-kata-run';
import type { KataResult } from './kata-result';
import { DEFAULT_TIMEOUT_SECONDS, GradingHarnessError, runKatas } from './run-katas';

export interface FolderGrade {
  /** The folder as it was given, for people to read. */
  name: string;
  /** Its absolute path. */
  solutions: string;
  /** One result per kata present in the folder, in manifest order. */
  katas: KataResult[];
  /** Katas asked for that have no `<id>/solution.ts` in this folder. */
  absent: string[];
  passed: number;
  /** Every kata asked for, present or absent: an absent kata is not solved. */
  total: number;
  /** Set when the harness could not grade this folder (then its katas are `error`). */
  harnessFailure: string | null;
}

export interface GradeReport {
  version: 3;
  backend: string;
  /** What the backend's probe answered at start: the services katas may use, and the missing ones with why. */
  capabilities: Capabilities;
  region: string;
  gradedAt: string;
  timeoutSeconds: number;
  katas: string[];
  folders: FolderGrade[];
}

export interface GradeOptions {
  folders: string[];
  /** Where relative folders are read from (default: the current directory). */
  from?: string;
  kataIds: string[];
  cloud: LocalCloudInfo;
  language: Language;
  timeoutSeconds?: number;
  /** How many Jest workers run at once, over all folders. */
  parallel: number;
  onResult?: (folder: string, result: KataResult) => void;
}

/**
 * Grades every folder against one local cloud: folders run side by side, each in its own Jest
 * process and its own accounts, with `parallel` workers shared out among them.
 */
export async function gradeFolders(options: GradeOptions): Promise<GradeReport> {
  const gradedAt = new Date().toISOString();
  const atOnce = Math.max(1, Math.min(options.parallel, options.folders.length));
  const workers = Math.max(1, Math.floor(options.parallel / atOnce));
  const grades: FolderGrade[] = new Array(options.folders.length);
  let next = 0;
  const lane = async () => {
    while (next < options.folders.length) {
      const index = next++;
      grades[index] = await gradeFolder(options.folders[index], workers, options);
    }
  };
  await Promise.all(Array.from({ length: atOnce }, lane));
  return {
    version: 3,
    backend: options.cloud.backend,
    capabilities: options.cloud.capabilities,
    region: options.cloud.region,
    gradedAt,
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    katas: options.kataIds,
    folders: grades,
  };
}

async function gradeFolder(name: string, workers: number, options: GradeOptions): Promise<FolderGrade> {
  const solutions = path.resolve(options.from ?? process.cwd(), name);
  const present = options.kataIds.filter((id) => fs.existsSync(path.join(solutions, id, 'solution.ts')));
  const absent = options.kataIds.filter((id) => !present.includes(id));
  let katas: KataResult[] = [];
  let harnessFailure: string | null = null;
  if (present.length > 0) {
    try {
      katas = await runKatas({
        solutionsDir: solutions,
        kataIds: present,
        cloud: options.cloud,
        language: options.language,
        timeoutSeconds: options.timeoutSeconds,
        workers,
        onResult: (result) => options.onResult?.(name, result),
      });
    } catch (error) {
      if (!(error instanceof GradingHarnessError)) throw error;
      harnessFailure = error.message;
      katas = present.map((id) => ({ version: 3, id, status: 'error', message: error.message, tests: [] }));
    }
  }
  harnessFailure ??= katas.map(harnessFailureOf).find((failure) => failure !== undefined) ?? null;
  const passed = katas.filter((kata) => kata.status === 'pass').length;
  return { name, solutions, katas, absent, passed, total: options.kataIds.length, harnessFailure };
}
