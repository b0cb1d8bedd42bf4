import * as fs from 'node:fs';
import * as path from 'node:path';
import { KATAS_DIR } from '../paths';
import type { Solve } from './kata-context';
import { KataSolveError } from './kata-errors';

/**
 * Where the solution under test lives: `katas/<id>/solution.ts` (the learner's), or
 * `<KATA_SOLUTIONS_DIR>/<id>/solution.ts` when grading a folder elsewhere.
 */
export function solutionPath(id: string, env: NodeJS.ProcessEnv = process.env): string {
  const folder = env.KATA_SOLUTIONS_DIR ? path.resolve(env.KATA_SOLUTIONS_DIR) : KATAS_DIR;
  return path.join(folder, id, 'solution.ts');
}

/** Loads a solution's default export, or says precisely why it cannot be used. */
export function loadSolution<Given, Result>(id: string): Solve<Given, Result> {
  const file = solutionPath(id);
  if (!fs.existsSync(file)) {
    throw new KataSolveError(
      `There is no solution at ${file}. ` +
        (process.env.KATA_SOLUTIONS_DIR
          ? `KATA_SOLUTIONS_DIR=${process.env.KATA_SOLUTIONS_DIR} must hold ${id}/solution.ts.`
          : `Restore the starter with \`git checkout -- katas/${id}/solution.ts\`.`),
    );
  }
  let loaded: { default?: unknown };
  try {
    // Jest's require: ts-jest compiles the file wherever it is on disk.
    loaded = require(file) as { default?: unknown };
  } catch (error) {
    throw new KataSolveError(`${file} could not be loaded: ${(error as Error).message}`);
  }
  if (typeof loaded.default !== 'function') {
    throw new KataSolveError(
      `${file} must \`export default async function solve(ctx)\`; its default export is ${typeof loaded.default}.`,
    );
  }
  return loaded.default as Solve<Given, Result>;
}
