import { spawnSync } from 'node:child_process';
import type { Capabilities } from '../../harness/backends/backend';
import type { FolderGrade, GradeReport } from '../../harness/grading/grade-folders';
import { skipReason } from '../../harness/kata/skip-reason';
import { loadManifest } from '../../harness/kata/manifest';
import { KATAS_DIR, SOLUTIONS_DIR } from '../../harness/paths';
import { describeWithDocker } from '../docker-available';
import { docker } from '../docker-cli';
import { ROOT } from '../run-dojo';
import { runGrade, solutionsFolder, type GradeRun } from '../grading/run-grade';
import { READMES, backendTable, claimedKatas } from './backend-table';

// The LocalStack leg: every kata graded on a real LocalStack (the community edition, from the
// test-fixture image CI builds), what it runs and what it skips taken from its own probe.
const describeDocker = describeWithDocker('the LocalStack leg');
const manifest = loadManifest();
const kataIds = manifest.map((kata) => kata.id);

/** KATA_LOCALSTACK_IMAGE when set, else the test-fixture image (built once, then taken from the engine's store). */
function localstackImage(): string {
  if (process.env.KATA_LOCALSTACK_IMAGE) return process.env.KATA_LOCALSTACK_IMAGE;
  const build = spawnSync('bash', ['scripts/localstack-fixture-image.sh'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  if (build.status !== 0) throw new Error(`scripts/localstack-fixture-image.sh failed (exit ${build.status}):\n${build.stderr.slice(-3000)}`);
  return build.stdout.trim().split('\n').pop()!;
}

const containers = (filter: string) => docker(['ps', '--all', '--quiet', '--filter', filter]).split('\n').filter(Boolean);

describeDocker('the katas on LocalStack community (the test-fixture image), references and starters in one grade run', () => {
  let image: string;
  let run: GradeRun;
  let report: GradeReport;
  let references: FolderGrade;
  let starters: FolderGrade;
  let capabilities: Capabilities;
  const runnable = (id: string) => manifest.find((kata) => kata.id === id)!.services.every((s) => capabilities.available.includes(s));
  const lacking = (id: string) => manifest.find((kata) => kata.id === id)!.services.filter((s) => !capabilities.available.includes(s));

  beforeAll(async () => {
    image = localstackImage();
    run = await runGrade(['--solutions', solutionsFolder(SOLUTIONS_DIR, kataIds), '--solutions', solutionsFolder(KATAS_DIR, kataIds)], {
      KATA_BACKEND: 'localstack',
      KATA_LOCALSTACK_IMAGE: image,
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    });
    report = run.report();
    [references, starters] = report.folders;
    capabilities = report.capabilities;
  }, 900_000);

  test('grading ran on LocalStack: exit 0, no harness failure, the probe result in the report and on stderr', () => {
    expect({ code: run.code, stderr: run.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    expect(report.backend).toBe('localstack');
    expect(report.folders.map((folder) => folder.harnessFailure)).toEqual([null, null]);
    const missing = Object.keys(capabilities.missing);
    expect(missing.length).toBeGreaterThan(0);
    expect(run.stderr).toContain(`[grade] localstack answers ${capabilities.available.join(', ')}; not in this edition: `);
    for (const service of missing) expect(run.stderr).toContain(`${service} (${capabilities.missing[service as keyof Capabilities['missing']]})`);
    expect(kataIds.filter(runnable).length).toBeGreaterThan(0);
  });

  test('every kata whose services LocalStack answers passes with the reference solution and fails with the starter', () => {
    const ids = kataIds.filter(runnable);
    const statusOf = (folder: FolderGrade) => Object.fromEntries(folder.katas.filter((k) => ids.includes(k.id)).map((k) => [k.id, k.status]));
    expect(statusOf(references)).toEqual(Object.fromEntries(ids.map((id) => [id, 'pass'])));
    expect(statusOf(starters)).toEqual(Object.fromEntries(ids.map((id) => [id, 'fail'])));
    for (const kata of starters.katas.filter((k) => ids.includes(k.id))) expect(kata.message).toMatch(/^\d+ of \d+ checks failed; first: /);
  });

  test('every other kata is an error in both folders, saying which services are not in this LocalStack edition and why', () => {
    const ids = kataIds.filter((id) => !runnable(id));
    expect(ids.length).toBeGreaterThan(0);
    for (const folder of [references, starters]) {
      for (const kata of folder.katas.filter((k) => ids.includes(k.id))) {
        const reason = skipReason('localstack', lacking(kata.id), capabilities).en;
        expect({ id: kata.id, status: kata.status, message: kata.message }).toEqual({
          id: kata.id,
          status: 'error',
          message: `This test did not run (${reason}), so the kata cannot pass.`,
        });
        expect(kata.message).toContain('not in this LocalStack edition');
        for (const service of lacking(kata.id)) expect(kata.message).toContain(service.toUpperCase());
        expect(kata.tests.length).toBeGreaterThan(0);
        expect(kata.tests.every((test) => test.status === 'error')).toBe(true);
      }
    }
  });

  test.each(READMES)("$file: the LocalStack community row names the katas this probe allows, how many are skipped and the services they lack", ({ file, heading }) => {
    const claimed = claimedKatas(backendTable(file, heading)[1].katas, kataIds);
    const skipped = kataIds.filter((id) => !runnable(id));
    const lackedServices = [...new Set(skipped.flatMap(lacking))].sort();
    expect({ runs: claimed.runs, skipped: claimed.skipped, services: [...claimed.services].sort() }).toEqual({
      runs: kataIds.filter(runnable),
      skipped: skipped.length,
      services: lackedServices,
    });
  });

  test('no LocalStack container is left after the grade exits', () => {
    // Other runs on this engine may use the same image at the same time: look for the grade's own container.
    const started = [...run.stderr.matchAll(/LocalStack is running in container ([0-9a-f]{12})/g)].map((match) => match[1]);
    expect(started).toHaveLength(1);
    expect(containers(`id=${started[0]}`)).toEqual([]);
    expect(containers(`ancestor=${image}`)).not.toContain(started[0]);
  });
});
