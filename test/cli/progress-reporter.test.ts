import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256 } from '../../harness/cli/kata/progress-store';
import { ROOT, runDojo } from '../run-dojo';

// Three runs of kata 01 (no AWS calls), each starting its own local cloud.
jest.setTimeout(240_000);

const progressFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kata-progress-')), 'progress.json');

describe('npm test katas records results for npm run kata', () => {
  test("a run of the learner's katas/ records each kata's outcome and the solution it was for", async () => {
    const file = progressFile();
    const run = await runDojo(['katas', '01'], { KATA_PROGRESS_FILE: file });
    expect(run.code).toBe(1);
    const starter = fs.readFileSync(path.join(ROOT, 'katas/01-cidr-basics/solution.ts'));
    const recorded = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(recorded).toEqual({
      format: 'aws-basics-dojo progress',
      version: 1,
      katas: { '01-cidr-basics': { hintsShown: 0, last: { outcome: 'fail', solutionSha256: sha256(starter), at: expect.any(String) } } },
    });
  });

  test('a run of another folder (KATA_SOLUTIONS_DIR) records nothing', async () => {
    const file = progressFile();
    const run = await runDojo(['katas', '01'], { KATA_SOLUTIONS_DIR: path.join(ROOT, 'solutions'), KATA_PROGRESS_FILE: file });
    expect(run.code).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
  });

  test('a progress file that cannot be written is said once and does not change the run', async () => {
    const run = await runDojo(['katas', '01'], { KATA_PROGRESS_FILE: '/dev/null/progress.json' });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Tests: +8 failed, 8 total/);
    const warnings = run.output.split('\n').filter((line) => line.includes('could not be recorded'));
    expect(warnings).toEqual([
      expect.stringMatching(/^\[aws-basics-dojo\] Your progress could not be recorded in \/dev\/null\/progress\.json \(ENOTDIR.*\); the katas run as usual, and `npm run kata` will not know these results\.$/),
    ]);
  });
});
