import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Reporter, Test, TestResult } from '@jest/reporters';
import { localize } from '../../i18n';
import { KATAS_DIR } from '../../paths';
import { recordRun, sha256, type Outcome } from './progress-store';
import { learnerWorkspace } from './workspace';

/**
 * Records each kata's outcome in the learner's progress file after `npm test katas`, so
 * `npm run kata` knows what is solved. Only runs of the learner's own katas/ folder count (not
 * KATA_SOLUTIONS_DIR), only whole runs (a kata with skipped tests is no verdict), and a
 * progress file that cannot be written never fails the run: it is said once, and the run goes on.
 */
export class ProgressReporter implements Pick<Reporter, 'onTestFileStart' | 'onTestFileResult'> {
  private readonly enabled = !process.env.KATA_SOLUTIONS_DIR;
  private readonly progressFile = learnerWorkspace().progressFile;
  /** The solution as it was when its kata started: a save during the run is not what ran. */
  private readonly solutionHashes = new Map<string, string>();
  private warned = false;

  onTestFileStart(test: Test): void {
    const id = this.kataOf(test.path);
    if (!id) return;
    this.guard(() => this.solutionHashes.set(id, sha256(fs.readFileSync(path.join(KATAS_DIR, id, 'solution.ts')))));
  }

  onTestFileResult(test: Test, result: TestResult): void {
    const id = this.kataOf(test.path);
    const solutionHash = id && this.solutionHashes.get(id);
    if (!id || !solutionHash) return;
    if (result.numPendingTests + result.numTodoTests > 0) return;
    const outcome: Outcome = result.testExecError || result.numPassingTests + result.numFailingTests === 0 ? 'error' : result.numFailingTests > 0 ? 'fail' : 'pass';
    this.guard(() => recordRun(this.progressFile, id, outcome, solutionHash, (problem) => process.stderr.write(`[aws-basics-dojo] ${localize(problem)}\n`)));
  }

  private kataOf(testPath: string): string | undefined {
    if (!this.enabled) return undefined;
    const relative = path.relative(KATAS_DIR, testPath).split(path.sep);
    return relative.length === 2 && relative[1] === 'kata.test.ts' ? relative[0] : undefined;
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      if (this.warned) return;
      this.warned = true;
      const why = (error as Error).message;
      process.stderr.write(
        `[aws-basics-dojo] ${localize({
          en: `Your progress could not be recorded in ${this.progressFile} (${why}); the katas run as usual, and \`npm run kata\` will not know these results.`,
          ja: `進捗を ${this.progressFile} に記録できませんでした(${why})。カタはいつも通り実行されますが、この結果は \`npm run kata\` に反映されません。`,
        })}\n`,
      );
    }
  }
}
