import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../run-dojo';

// Runs scripts/grade-pull-request.mjs the way .github/workflows/grade.yml does: executed as it is,
// from the repository's root, with GITHUB_STEP_SUMMARY pointing at a file.
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

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('scripts/grade-pull-request.mjs, as CI runs it', () => {
  it('writes the results, the JUnit file and the summary, and appends the summary to the job summary', async () => {
    const pr = pullRequestFolder();

    const run = await runScript(['--solutions', pr.solutions, '--kata', '01-cidr-basics', '--kata', '02-create-vpc', '--out', pr.out], { GITHUB_STEP_SUMMARY: pr.summary });

    expect({ code: run.code, output: run.output }).toEqual({ code: 0, output: expect.any(String) });
    expect(fs.readdirSync(pr.out).sort()).toEqual(['junit.xml', 'results.json', 'summary.md']);

    const report = JSON.parse(fs.readFileSync(path.join(pr.out, 'results.json'), 'utf8'));
    expect(report.backend).toBe('moto');
    expect(report.folders).toHaveLength(1);
    expect(report.folders[0]).toMatchObject({ solutions: pr.solutions, passed: 1, total: 2, absent: [], harnessFailure: null });
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
    expect(suites[1].failures).toBe(suites[1].tests);
    expect(suites[1].tests).toBeGreaterThan(0);

    const markdown = fs.readFileSync(path.join(pr.out, 'summary.md'), 'utf8');
    expect(markdown).toContain('Backend: moto · 2 katas');
    expect(markdown).toContain(`| ${pr.solutions} | 1/2 | ✅ | ❌ |`);
    expect(markdown).toMatch(/- ❌ \*\*02-create-vpc\*\*: /);
    expect(fs.readFileSync(pr.summary, 'utf8')).toBe(`## An earlier step\n${markdown.trimEnd()}\n`);
  }, 160_000);

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
