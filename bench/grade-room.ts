/**
 * How long `npm run grade` takes for a room: 1 to 10 learners' folders (copies of the reference
 * solutions) graded in one run against the default backend, as CI or a facilitator runs it.
 *
 *   npm run bench:grade-room                       (learners 1,2,5,10; every kata)
 *   npm run bench:grade-room -- --learners 1,10 --kata 01 --kata 02
 *
 * Each step is one `npm run grade` process, timed from spawn to exit: it includes starting the
 * local cloud (moto, the gateway, the ECS agent). Every kata must pass; a step where one does not
 * is reported as such instead of a time, since a fast wrong grade measures nothing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { GradeReport } from '../harness/grading/grade-folders';
import { PROJECT_ROOT, SOLUTIONS_DIR } from '../harness/paths';

interface Step {
  learners: number;
  seconds: number;
  katas: number;
  passed: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { learners: { type: 'string', default: '1,2,5,10' }, kata: { type: 'string', multiple: true }, parallel: { type: 'string' } },
  });
  const counts = values.learners.split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--learners ${values.learners}: give positive whole numbers, e.g. 1,2,5,10.`);
  const passThrough = [...(values.kata ?? []).flatMap((id) => ['--kata', id]), ...(values.parallel ? ['--parallel', values.parallel] : [])];
  const steps: Step[] = [];
  for (const learners of counts) {
    const step = await gradeRoom(learners, passThrough);
    steps.push(step);
    process.stderr.write(`[bench] ${learners} learner(s): ${step.seconds.toFixed(1)} s, ${step.passed}/${step.katas} katas passed\n`);
  }
  print(steps, passThrough);
}

async function gradeRoom(learners: number, passThrough: string[]): Promise<Step> {
  const room = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-room-'));
  for (let i = 1; i <= learners; i += 1) fs.cpSync(SOLUTIONS_DIR, path.join(room, `learner-${String(i).padStart(2, '0')}`), { recursive: true });
  const json = path.join(room, 'grade.json');
  const started = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'grade', '--', '--solutions', path.join(room, 'learner-*'), '--json', json, ...passThrough], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`npm run grade exited ${code} for ${learners} learner(s); see its output above.`);
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as GradeReport;
  const katas = report.folders.reduce((sum, folder) => sum + folder.katas.length, 0);
  const passed = report.folders.reduce((sum, folder) => sum + folder.passed, 0);
  fs.rmSync(room, { recursive: true, force: true });
  return { learners, seconds, katas, passed };
}

function print(steps: Step[], passThrough: string[]): void {
  const base = steps[0];
  console.log(
    `npm run grade on N copies of the reference solutions${passThrough.length ? ` (${passThrough.join(' ')})` : ''}, default backend (moto), ` +
      `Node ${process.version}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  console.log('learners  katas  passed   wall s   s/learner   katas/min   vs 1 learner');
  for (const step of steps) {
    const verdict = step.passed === step.katas ? '' : `   NOT ALL PASSED: ${step.katas - step.passed} did not`;
    console.log(
      [
        String(step.learners).padStart(8),
        String(step.katas).padStart(6),
        String(step.passed).padStart(7),
        step.seconds.toFixed(1).padStart(8),
        (step.seconds / step.learners).toFixed(1).padStart(11),
        ((step.katas / step.seconds) * 60).toFixed(1).padStart(11),
        `${(step.seconds / base.seconds).toFixed(2)}×`.padStart(14),
      ].join(' ') + verdict,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
