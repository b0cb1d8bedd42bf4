import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { parseGradeArguments } from '../../harness/grading/grade-arguments';
import type { FolderGrade } from '../../harness/grading/grade-folders';
import { blockedAfterSeconds } from '../../harness/grading/run-katas';
import { loadManifest } from '../../harness/kata/manifest';
import { KATAS_DIR, SOLUTIONS_DIR } from '../../harness/paths';
import { ROOT } from '../run-dojo';
import { runGrade, solutionsFolder, type GradeRun } from './run-grade';

const kataIds = loadManifest().map((kata) => kata.id);
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9faf]/;
const statuses = (folder: FolderGrade) => Object.fromEntries(folder.katas.map((kata) => [kata.id, kata.status]));

async function expectValidJunit(run: GradeRun): Promise<void> {
  const schema = fs.readFileSync(path.join(ROOT, 'test/fixtures/grading/junit.xsd'), 'utf8');
  const result = await validateXML({ xml: [{ fileName: 'grade.xml', contents: fs.readFileSync(run.files.junit, 'utf8') }], schema: [schema] });
  expect(result.errors.map((error) => error.message)).toEqual([]);
  expect(result.valid).toBe(true);
}

/** The counts a JUnit reader shows, from the XML's own attributes. */
function junitTotals(run: GradeRun): Record<'tests' | 'failures' | 'errors' | 'skipped', number> {
  const root = /<testsuites [^>]*>/.exec(fs.readFileSync(run.files.junit, 'utf8'))![0];
  const count = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(root)![1]);
  return { tests: count('tests'), failures: count('failures'), errors: count('errors'), skipped: count('skipped') };
}

describe('grading the reference solutions and the starters in one run', () => {
  let run: GradeRun;
  let references: FolderGrade;
  let starters: FolderGrade;
  beforeAll(async () => {
    run = await runGrade(['--solutions', solutionsFolder(SOLUTIONS_DIR, kataIds), '--solutions', solutionsFolder(KATAS_DIR, kataIds)]);
    [references, starters] = run.report().folders;
  }, 900_000);

  test('grading ran: exit 0, one result per kata and folder', () => {
    expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    expect(references.katas.map((kata) => kata.id)).toEqual(kataIds);
    expect(starters.katas.map((kata) => kata.id)).toEqual(kataIds);
  });

  test('the reference solutions score 17/17: every test of every kata ran and passed', () => {
    expect(`${references.passed}/${references.total}`).toBe(`${kataIds.length}/${kataIds.length}`);
    for (const kata of references.katas) {
      expect({ id: kata.id, status: kata.status, message: kata.message }).toEqual({ id: kata.id, status: 'pass', message: null });
      expect(kata.tests.length).toBeGreaterThan(0);
      expect(kata.tests.filter((test) => test.status !== 'pass')).toEqual([]);
    }
  });

  test('the starters score 0/17, each kata failing on a check (never an error: no crash, no compile error)', () => {
    expect(`${starters.passed}/${starters.total}`).toBe(`0/${kataIds.length}`);
    expect(Object.values(statuses(starters))).toEqual(kataIds.map(() => 'fail'));
    for (const kata of starters.katas) {
      expect(kata.message).toMatch(/^\d+ of \d+ checks failed; first: /);
      for (const test of kata.tests.filter((t) => t.status === 'fail')) expect(test.message).toEqual(expect.any(String));
    }
  });

  test("each kata is exercism's results v3 shape", () => {
    for (const kata of [...references.katas, ...starters.katas]) {
      expect(Object.keys(kata).sort()).toEqual(['id', 'message', 'status', 'tests', 'version']);
      expect(kata.version).toBe(3);
      for (const test of kata.tests) {
        expect(Object.keys(test).sort()).toEqual(['message', 'name', 'status']);
        expect(test.message === null).toBe(test.status === 'pass');
      }
    }
  });

  test('the scorecard shows both folders and the room', () => {
    expect(run.stdout).toMatch(new RegExp(`^\\S+graded-\\S+  ${kataIds.length}/${kataIds.length}  \\[#{17}\\]$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^\\S+graded-\\S+  0/${kataIds.length}  \\[-{17}\\]$`, 'm'));
    expect(run.stdout).toMatch(/^Room: 2 folders$/m);
    for (const id of kataIds) expect(run.stdout).toMatch(new RegExp(`^  fail   ${id} +\\d+ of \\d+ checks failed; first: `, 'm'));
  });

  test('the JUnit file is valid JUnit XML and counts what the JSON says', async () => {
    await expectValidJunit(run);
    const tests = [...references.katas, ...starters.katas].flatMap((kata) => kata.tests);
    expect(junitTotals(run)).toEqual({ tests: tests.length, failures: tests.filter((t) => t.status === 'fail').length, errors: 0, skipped: 0 });
  });

  test('the Markdown summary has a row per folder with a mark per kata', () => {
    const markdown = fs.readFileSync(run.files.markdown, 'utf8');
    expect(markdown).toContain(`| ${references.name} | ${kataIds.length}/${kataIds.length} | ${kataIds.map(() => '✅').join(' | ')} |`);
    expect(markdown).toContain(`| ${starters.name} | 0/${kataIds.length} | ${kataIds.map(() => '❌').join(' | ')} |`);
    expect(markdown).toContain(`<details><summary>${starters.name}: ${kataIds.length} not passed</summary>`);
  });
});

describe('grading the starters in Japanese (--lang ja)', () => {
  let starters: FolderGrade;
  beforeAll(async () => {
    const run = await runGrade(['--solutions', solutionsFolder(KATAS_DIR, kataIds), '--lang', 'ja']);
    expect(run.code).toBe(0);
    [starters] = run.report().folders;
  }, 900_000);

  test.each(kataIds)('%s fails on checks explained in Japanese', (id) => {
    const kata = starters.katas.find((k) => k.id === id)!;
    expect(kata.status).toBe('fail');
    expect(kata.message).toMatch(JAPANESE);
    const failed = kata.tests.filter((test) => test.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const test of failed) expect(test.message!.split('\n')[0]).toMatch(JAPANESE);
  });
});

describe('grading a mix: a reference, a throw, a crash, two hangs and a solution that never calls AWS', () => {
  const TIMEOUT_SECONDS = 10;
  let run: GradeRun;
  let mixed: FolderGrade;
  beforeAll(async () => {
    const folder = solutionsFolder(path.join(ROOT, 'test/fixtures/grading/mixed'), ['01-cidr-basics', '02-create-vpc', '06-policy-document', '07-trust-policy', '08-user-and-access-key']);
    fs.cpSync(path.join(SOLUTIONS_DIR, '03-subnets-in-two-azs'), path.join(folder, '03-subnets-in-two-azs'), { recursive: true });
    run = await runGrade(['--solutions', folder, '--timeout', String(TIMEOUT_SECONDS)]);
    [mixed] = run.report().folders;
  }, 900_000);

  test('every kata gets exactly its expected status, and the absent ones are listed', () => {
    expect(run.code).toBe(0);
    expect(statuses(mixed)).toEqual({
      '01-cidr-basics': 'error',
      '02-create-vpc': 'error',
      '03-subnets-in-two-azs': 'pass',
      '06-policy-document': 'error',
      '07-trust-policy': 'fail',
      '08-user-and-access-key': 'error',
    });
    expect(mixed.absent).toEqual(kataIds.filter((id) => !/^0[123678]-/.test(id)));
    expect(`${mixed.passed}/${mixed.total}`).toBe(`1/${kataIds.length}`);
  });

  test('each error says why', () => {
    const message = (id: string) => mixed.katas.find((kata) => kata.id === id)!.message;
    expect(message('01-cidr-basics')).toContain(`was still running after ${blockedAfterSeconds(TIMEOUT_SECONDS)} s and was stopped`);
    expect(message('02-create-vpc')).toContain('The process running the kata ended before any test finished (exitCode=0): solve() called process.exit()');
    expect(message('06-policy-document')).toContain(`solve() did not finish within ${TIMEOUT_SECONDS} s`);
    expect(message('08-user-and-access-key')).toContain('solve() threw TypeError: ctx.given.repositoryArn.split is not a function');
    expect(message('07-trust-policy')).toMatch(/^\d+ of \d+ checks failed; first: /);
  });

  test('the hang is bounded: grading ended soon after the limit', () => {
    expect(run.ms).toBeLessThan((blockedAfterSeconds(TIMEOUT_SECONDS) + 150) * 1000);
  });

  test('the JUnit file is valid and shows the errors, the failure and the absent katas', async () => {
    await expectValidJunit(run);
    const totals = junitTotals(run);
    expect(totals.skipped).toBe(mixed.absent.length);
    expect(totals.errors).toBeGreaterThanOrEqual(4);
    expect(totals.failures).toBeGreaterThan(0);
  });
});

describe('command lines that cannot be graded', () => {
  test.each([
    [['--solutions', 'no-such-folder'], /--solutions no-such-folder: there is no such folder/],
    [['--solutions', 'no-such-*'], /--solutions no-such-\* matches no folder/],
    [['--kata', '99'], /--kata 99 is not a kata\. Kata ids:\n  01-cidr-basics/],
    [['--kata', '1'], /--kata 1 matches 10-cluster-and-task-definition, 11-run-task/],
    [['--timeout', '0'], /--timeout 0 is not a positive number/],
    [['--parallel', 'many'], /--parallel many is not a positive number/],
    [['--lang', 'fr'], /--lang fr: the languages are en and ja/],
    [['--colour'], /Unknown option '--colour'/],
    [['katas'], /Unexpected argument 'katas'/],
  ])('%j is refused, saying what is wrong', async (args, message) => {
    await expect(parseGradeArguments(args as string[], { INIT_CWD: ROOT })).rejects.toThrow(message);
  });

  test('npm run grade exits 2 on one and writes no report', async () => {
    const run = await runGrade(['--kata', '99']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--kata 99 is not a kata/);
    expect(fs.existsSync(run.files.json)).toBe(false);
  }, 60_000);
});
