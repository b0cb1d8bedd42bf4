import * as path from 'node:path';
import { KATAS_DIR, PROJECT_ROOT } from '../../paths';

/**
 * Where the learner's solutions are and where their progress is kept. KATA_SOLUTIONS_DIR names a
 * folder of `<id>/solution.ts` elsewhere (as for `npm test katas`); its progress is then kept
 * beside it unless KATA_PROGRESS_FILE says where.
 */
export interface Workspace {
  solutionsDir: string;
  progressFile: string;
  /** True for the project's own katas/ folder. */
  isProjectKatas: boolean;
}

export const DEFAULT_PROGRESS_FILE = path.join(PROJECT_ROOT, '.dojo', 'progress.json');

export function learnerWorkspace(env: NodeJS.ProcessEnv = process.env): Workspace {
  const chosen = env.KATA_SOLUTIONS_DIR ? path.resolve(env.KATA_SOLUTIONS_DIR) : undefined;
  const solutionsDir = chosen ?? KATAS_DIR;
  const progressFile = env.KATA_PROGRESS_FILE
    ? path.resolve(env.KATA_PROGRESS_FILE)
    : chosen
      ? path.join(chosen, '.kata-progress.json')
      : DEFAULT_PROGRESS_FILE;
  return { solutionsDir, progressFile, isProjectKatas: solutionsDir === KATAS_DIR };
}

export function solutionFile(workspace: Workspace, id: string): string {
  return path.join(workspace.solutionsDir, id, 'solution.ts');
}

/** A path as the learner would type it: relative to the project when inside it. */
export function shownPath(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

export function referenceSolutionPath(id: string): string {
  return `solutions/${id}/solution.ts`;
}
