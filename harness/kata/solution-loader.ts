import * as fs from 'node:fs';
import * as path from 'node:path';
import { KATAS_DIR } from '../paths';
import type { Solve } from './kata-context';
import { KataSolveError } from './kata-errors';
import { forbiddenImports } from './solution-imports';

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
    const dir = process.env.KATA_SOLUTIONS_DIR;
    throw new KataSolveError(
      dir
        ? { en: `There is no solution at ${file}. KATA_SOLUTIONS_DIR=${dir} must hold ${id}/solution.ts.`, ja: `${file} に解答がありません。KATA_SOLUTIONS_DIR=${dir} の中に ${id}/solution.ts が必要です。` }
        : { en: `There is no solution at ${file}. Restore the starter with \`git checkout -- katas/${id}/solution.ts\`.`, ja: `${file} に解答がありません。\`git checkout -- katas/${id}/solution.ts\` でスターターを戻してください。` },
    );
  }
  const forbidden = forbiddenImports(file, fs.readFileSync(file, 'utf8'));
  if (forbidden) throw new KataSolveError(forbidden);
  let loaded: { default?: unknown };
  try {
    // Jest's require: ts-jest compiles the file wherever it is on disk.
    loaded = require(file) as { default?: unknown };
  } catch (error) {
    const why = (error as Error).message;
    throw new KataSolveError({ en: `${file} could not be loaded: ${why}`, ja: `${file} を読み込めませんでした: ${why}` });
  }
  if (typeof loaded.default !== 'function') {
    const kind = typeof loaded.default;
    throw new KataSolveError({
      en: `${file} must \`export default async function solve(ctx)\`; its default export is ${kind}.`,
      ja: `${file} は \`export default async function solve(ctx)\` を書く必要がありますが、default export が ${kind} になっています。`,
    });
  }
  return loaded.default as Solve<Given, Result>;
}
