import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../run-dojo';
import { closedPort } from '../closed-port';

// Runs scripts/grade-pull-request.mjs the way .github/workflows/grade.yml does: executed as it is,
// from the repository's root (the grader, as the base's checkout is in CI), on the solutions of a
// pull request checked out in a git repository of its own, with GITHUB_STEP_SUMMARY pointing at a file.
const SCRIPT = path.join(ROOT, 'scripts/grade-pull-request.mjs');

interface ScriptRun {
  code: number | null;
  output: string;
}

function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KATA_') && name !== 'JEST_WORKER_ID' && name !== 'GITHUB_STEP_SUMMARY'));
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, args, { cwd: ROOT, env: { ...clean, KATA_LANG: 'en', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`grade-pull-request.mjs ${args.join(' ')} did not end within 150 s:\n${output}`));
    }, 150_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A folder as a pull request would hold it: kata 01 solved (the reference), kata 02 as the starter. */
function pullRequestFolder(): { dir: string; solutions: string; summary: string; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grade-pr-'));
  const solutions = path.join(dir, 'katas');
  for (const [id, from] of [['01-cidr-basics', 'solutions'], ['02-create-vpc', 'katas']]) {
    fs.mkdirSync(path.join(solutions, id), { recursive: true });
    fs.copyFileSync(path.join(ROOT, from, id, 'solution.ts'), path.join(solutions, id, 'solution.ts'));
  }
  const summary = path.join(dir, 'step-summary.md');
  fs.writeFileSync(summary, '## An earlier step\n');
  return { dir, solutions, summary, out: path.join(dir, 'grade-results') };
}

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=Learner', '-c', 'user.email=learner@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} in ${cwd} failed: ${run.stderr}`);
  return run.stdout.trim();
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/**
 * A dojo repository as the workflow sees it. Its main holds the starters of katas 01 and 02; the
 * pair's branch solves 01, and "solves" 02 by making its test pass whatever solve() does, dropping it
 * from katas.json and adding a harness file; meanwhile main moves on (the README). The head is
 * checked out in `submitted/`, as the workflow's second checkout does; `base` is main's commit.
 */
function pullRequestCheckout(): { dir: string; solutions: string; base: string; summary: string; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grade-pr-git-'));
  const repo = path.join(dir, 'submitted');
  for (const id of ['01-cidr-basics', '02-create-vpc']) {
    for (const file of ['solution.ts', 'kata.test.ts']) write(path.join(repo, 'katas', id, file), fs.readFileSync(path.join(ROOT, 'katas', id, file), 'utf8'));
  }
  write(path.join(repo, 'katas/katas.json'), fs.readFileSync(path.join(ROOT, 'katas/katas.json'), 'utf8'));
  write(path.join(repo, 'README.md'), '# Our dojo\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'The dojo');

  git(repo, 'checkout', '-q', '-b', 'pair-a');
  fs.copyFileSync(path.join(ROOT, 'solutions/01-cidr-basics/solution.ts'), path.join(repo, 'katas/01-cidr-basics/solution.ts'));
  write(path.join(repo, 'katas/02-create-vpc/kata.test.ts'), "it('creates the VPC', () => expect(true).toBe(true));\n");
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'katas/katas.json'), 'utf8')) as { id: string }[];
  write(path.join(repo, 'katas/katas.json'), JSON.stringify(manifest.filter((kata) => kata.id !== '02-create-vpc'), null, 2));
  write(path.join(repo, 'harness/kata/always-pass.ts'), 'export const pass = true;\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'Katas 01 and 02 solved');

  git(repo, 'checkout', '-q', 'main');
  write(path.join(repo, 'README.md'), '# Our dojo\n\nSession 2 on Friday.\n');
  git(repo, 'commit', '-q', '-a', '-m', 'The dojo moves on');
  const base = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '-q', 'pair-a');

  const summary = path.join(dir, 'step-summary.md');
  fs.writeFileSync(summary, '## An earlier step\n');
  return { dir, solutions: path.join(repo, 'katas'), base, summary, out: path.join(dir, 'grade-results') };
}


describe('scripts/grade-pull-request.mjs, as CI runs it', () => {
  it("grades a pull request's solutions with this checkout's tests, writes the results, the JUnit file and the summary, and lists what else it changed as not used", async () => {
    const pr = pullRequestCheckout();

    const run = await runScript(['--solutions', pr.solutions, '--base', pr.base, '--kata', '01-cidr-basics', '--kata', '02-create-vpc', '--out', pr.out], { GITHUB_STEP_SUMMARY: pr.summary });

    expect({ code: run.code, output: run.output }).toEqual({ code: 0, output: expect.any(String) });
    expect(fs.readdirSync(pr.out).sort()).toEqual(['junit.xml', 'results.json', 'summary.md']);

    const report = JSON.parse(fs.readFileSync(path.join(pr.out, 'results.json'), 'utf8'));
    expect(report.backend).toBe('moto');
    expect(report.folders).toHaveLength(1);
    expect(report.folders[0]).toMatchObject({ solutions: pr.solutions, passed: 1, total: 2, absent: [], harnessFailure: null });
    // 02's test in the pull request passes whatever solve() does, and its katas.json no longer lists
    // 02: the test that ran is this checkout's, and the starter fails it.
    expect(report.folders[0].katas.map((kata: { id: string; status: string }) => [kata.id, kata.status])).toEqual([
      ['01-cidr-basics', 'pass'],
      ['02-create-vpc', 'fail'],
    ]);

    const junit = fs.readFileSync(path.join(pr.out, 'junit.xml'), 'utf8');
    const suites = [...junit.matchAll(/<testsuite name="[^"]* (\d\d-[a-z-]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map(([, id, tests, failures, errors]) => ({
      id,
      tests: Number(tests),
      failures: Number(failures),
      errors: Number(errors),
    }));
    expect(suites.map(({ id }) => id)).toEqual(['01-cidr-basics', '02-create-vpc']);
    expect(suites[0]).toMatchObject({ failures: 0, errors: 0 });
    expect(suites[0].tests).toBeGreaterThan(0);
    // The base's 02 has several checks, all failed; the pull request's had one, passed.
    expect(suites[1].failures).toBe(suites[1].tests);
    expect(suites[1].tests).toBeGreaterThan(1);

    const markdown = fs.readFileSync(path.join(pr.out, 'summary.md'), 'utf8');
    expect(markdown.startsWith('## Kata scorecard\n')).toBe(true);
    expect(markdown).toContain('Backend: moto · 2 katas');
    expect(markdown).toContain(`| ${pr.solutions} | 1/2 | ✅ | ❌ |`);
    expect(markdown).toMatch(/- ❌ \*\*02-create-vpc\*\*: /);
    const note = [
      '### Changes that were not graded',
      '',
      `This pull request also changes files other than its solutions. Grading read only its \`katas/<id>/solution.ts\` files: the tests, the harness and the list of katas came from the base \`${pr.base.slice(0, 12)}\`, not from the pull request, so these changes were not used and did not affect the score:`,
      '',
      // Not README.md: main changed it, not the pull request. Not 01's solution.ts: that was graded.
      '- <code>harness/kata/always-pass.ts</code>',
      '- <code>katas/02-create-vpc/kata.test.ts</code>',
      '- <code>katas/katas.json</code>',
      '',
    ].join('\n');
    expect(markdown.slice(markdown.indexOf('\n### '))).toBe(`\n${note}`);
    expect(fs.readFileSync(pr.summary, 'utf8')).toBe(`## An earlier step\n${markdown.trimEnd()}\n`);
    expect(run.output).toContain('- <code>katas/02-create-vpc/kata.test.ts</code>');
  }, 160_000);

  it('says in Japanese which changes were not graded', async () => {
    const pr = pullRequestCheckout();

    const run = await runScript(['--solutions', pr.solutions, '--base', pr.base, '--kata', '01-cidr-basics', '--out', pr.out], { KATA_LANG: 'ja' });

    expect(run.code).toBe(0);
    const markdown = fs.readFileSync(path.join(pr.out, 'summary.md'), 'utf8');
    expect(markdown).toContain(`| ${pr.solutions} | 1/1 | ✅ |`);
    expect(markdown.slice(markdown.indexOf('\n### '))).toBe(
      [
        '',
        '### 採点に使われなかった変更',
        '',
        `このプルリクエストは解答以外のファイルも変更しています。採点でプルリクエストから読み込んだのは \`katas/<id>/solution.ts\` だけです。テスト、ハーネス、カタの一覧はプルリクエストではなくベース \`${pr.base.slice(0, 12)}\` のものを使いました。次の変更は採点に使われておらず、スコアに影響していません。`,
        '',
        '- <code>harness/kata/always-pass.ts</code>',
        '- <code>katas/02-create-vpc/kata.test.ts</code>',
        '- <code>katas/katas.json</code>',
        '',
      ].join('\n'),
    );
  }, 120_000);

  it('adds no note when the pull request changes only its solutions', async () => {
    const pr = pullRequestCheckout();
    const repo = path.dirname(pr.solutions);
    git(repo, 'checkout', '-q', '-b', 'only-solutions', pr.base);
    fs.copyFileSync(path.join(ROOT, 'solutions/01-cidr-basics/solution.ts'), path.join(pr.solutions, '01-cidr-basics/solution.ts'));
    git(repo, 'commit', '-q', '-a', '-m', 'Kata 01 solved');

    const run = await runScript(['--solutions', pr.solutions, '--base', pr.base, '--kata', '01-cidr-basics', '--out', pr.out], {});

    expect(run.code).toBe(0);
    const markdown = fs.readFileSync(path.join(pr.out, 'summary.md'), 'utf8');
    expect(markdown).toContain(`| ${pr.solutions} | 1/1 | ✅ |`);
    expect(markdown).not.toContain('###');
  }, 120_000);

  it('grades all the same, and says it could not list the changes, when git lacks the history (a shallow checkout)', async () => {
    const pr = pullRequestCheckout();
    const shallow = path.join(pr.dir, 'shallow');
    git(pr.dir, 'clone', '-q', '--depth', '1', '--branch', 'pair-a', `file://${path.dirname(pr.solutions)}`, shallow);
    git(shallow, 'fetch', '-q', '--depth', '1', 'origin', 'main');

    const run = await runScript(['--solutions', path.join(shallow, 'katas'), '--base', pr.base, '--kata', '01-cidr-basics', '--out', pr.out], {});

    expect(run.code).toBe(0);
    const markdown = fs.readFileSync(path.join(pr.out, 'summary.md'), 'utf8');
    expect(markdown).toContain('| 1/1 | ✅ |');
    expect(markdown.slice(markdown.indexOf('\n### '))).toBe(
      [
        '',
        '### Changes that were not graded',
        '',
        `Could not list the files this pull request changes besides its solutions (git diff ${pr.base}...HEAD in ${path.join(shallow, 'katas')} failed: fatal: ${pr.base}...HEAD: no merge base). Either way, grading read only its \`katas/<id>/solution.ts\` files; the tests and the harness came from the base \`${pr.base.slice(0, 12)}\`. In CI the pull request's checkout needs \`fetch-depth: 0\`, so that git has the base and the commit the branch left it at.`,
        '',
      ].join('\n'),
    );
  }, 120_000);

  it.each([
    ['two folders', ['--solutions', 'katas', '--solutions', 'solutions', '--base', 'HEAD'], '--base compares one pull request: give exactly one --solutions folder, in a git checkout of it (given 2: katas, solutions).'],
    ['a folder of this checkout, whose tests are its own', ['--solutions', 'katas', '--base', 'HEAD'], "--base: katas is in the checkout this script grades with, so its tests and harness would be the pull request's own."],
    ['an option for a commit', ['--base=-p'], "--base '-p' is not a commit."],
  ])('refuses --base with %s, before grading anything', async (_case, args, message) => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grade-pr-')), 'grade-results');

    const run = await runScript([...args, '--out', out], {});

    expect(run.code).toBe(2);
    expect(run.output.split('\n')[0]).toContain(message);
    expect(run.output).not.toContain('> npm run grade');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('fails, and says grading did not complete, when the harness cannot run; a result of an earlier run is not shown', async () => {
    const pr = pullRequestFolder();
    fs.mkdirSync(pr.out);
    fs.writeFileSync(path.join(pr.out, 'results.json'), '{"from":"an earlier run"}');
    fs.writeFileSync(path.join(pr.out, 'summary.md'), '| katas | 2/2 | ✅ | ✅ |\n');
    const port = await closedPort();

    const run = await runScript(['--solutions', pr.solutions, '--out', pr.out], { GITHUB_STEP_SUMMARY: pr.summary, KATA_BACKEND: 'endpoint', KATA_ENDPOINT: `http://127.0.0.1:${port}` });

    expect(run.code).toBe(1);
    expect(run.output).toContain(`KATA_ENDPOINT=http://127.0.0.1:${port} does not answer`);
    const expected =
      '## Grading did not complete\n\nnpm run grade exited with code 1: the harness failed before it wrote a scorecard, so this run has no score. The job log says why; fix that and push again (or re-run the job).\n';
    expect(fs.readdirSync(pr.out)).toEqual(['summary.md']);
    expect(fs.readFileSync(path.join(pr.out, 'summary.md'), 'utf8')).toBe(expected);
    expect(fs.readFileSync(pr.summary, 'utf8')).toBe(`## An earlier step\n${expected}`);
  }, 60_000);

  it('fails on a command line grade refuses, in the language asked for', async () => {
    const pr = pullRequestFolder();

    const run = await runScript(['--solutions', pr.solutions, '--kata', 'no-such-kata', '--lang', 'ja', '--out', pr.out], { GITHUB_STEP_SUMMARY: pr.summary });

    expect(run.code).toBe(2);
    expect(run.output).toContain('--kata no-such-kata is not a kata.');
    expect(fs.readFileSync(path.join(pr.out, 'summary.md'), 'utf8')).toBe(
      '## 採点は完了しませんでした\n\nnpm run grade がコマンドラインを受け付けませんでした(終了コード 2)。どの値が問題で、何を指定できるかは上のメッセージにあります。何も採点していません。\n',
    );
  }, 60_000);
});
