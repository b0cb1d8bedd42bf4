import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../run-dojo';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOW = path.join(ROOT, '.github/workflows/grade.yml');
const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as Workflow;
const GRADING_JOBS = ['grade', 'grade-localstack'];
const SCRIPT = 'scripts/grade-pull-request.mjs';

function step(job: Job, predicate: (step: Step) => boolean, what: string): Step {
  const found = job.steps.filter(predicate);
  if (found.length !== 1) throw new Error(`expected one step that ${what}, found ${found.length}: ${JSON.stringify(job.steps, null, 2)}`);
  return found[0];
}
const gradeStep = (job: Job) => step(job, (s) => s.run?.includes(SCRIPT) ?? false, `runs ${SCRIPT}`);
const outFolder = (job: Job) => /--out\s+(\S+)/.exec(gradeStep(job).run ?? '')?.[1];
const checkouts = (job: Job) => job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
const BASE = '${{ github.event.pull_request.base.sha || github.sha }}';
const HEAD = '${{ github.event.pull_request.head.sha || github.sha }}';

describe('the CI workflow', () => {
  it('runs on pull requests and by hand, and may only read the repository unless a job asks for more', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it.each(GRADING_JOBS)('%s may comment on the pull request and read the code, nothing else', (id) => {
    expect(workflow.jobs[id].permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it.each(GRADING_JOBS)('%s has no grading logic of its own: its only commands are npm ci and the script', (id) => {
    const commands = workflow.jobs[id].steps.filter((s) => s.run !== undefined).map((s) => s.run!.trim());
    expect(commands).toEqual(['npm ci', `${SCRIPT} --solutions submitted/katas --base "$BASE_SHA" --out grade-results`]);
    const script = path.join(ROOT, SCRIPT);
    expect(fs.existsSync(script)).toBe(true);
    expect(fs.statSync(script).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(script, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it.each(GRADING_JOBS)("%s grades the pull request's solutions with the base's tests and harness: two checkouts, the head's in a folder of its own", (id) => {
    const job = workflow.jobs[id];
    const [grader, submitted, ...others] = checkouts(job);
    expect(others).toEqual([]);
    // The workspace, where npm ci, the harness and the tests run: the base commit, never the pull request.
    expect(grader.with).toEqual({ ref: BASE, 'persist-credentials': false });
    // The head, in its own folder: no credentials left in its .git, all history so that git finds
    // where the branch left the base, and only solution files in the work tree.
    expect(submitted.with).toEqual({
      ref: HEAD,
      path: 'submitted',
      'persist-credentials': false,
      'fetch-depth': 0,
      'sparse-checkout': '/katas/*/solution.ts',
      'sparse-checkout-cone-mode': false,
    });
    const grade = gradeStep(job);
    expect(/--solutions\s+(\S+)/.exec(grade.run!)?.[1]).toBe(`${submitted.with!.path}/katas`);
    expect(grade.run).toContain('--base "$BASE_SHA"');
    expect(grade.env?.BASE_SHA).toBe(BASE);
    const npmCi = job.steps.findIndex((s) => s.run === 'npm ci');
    expect(job.steps.indexOf(submitted)).toBeLessThan(npmCi);
    expect(job.steps.indexOf(grader)).toBeLessThan(job.steps.indexOf(submitted));
  });

  it("checks out no file of the pull request's head but its katas' solution.ts", () => {
    const pattern = String(checkouts(workflow.jobs.grade)[1].with?.['sparse-checkout']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparse-'));
    const git = (cwd: string, ...args: string[]) => {
      const run = spawnSync('git', ['-c', 'user.name=Learner', '-c', 'user.email=learner@example.com', ...args], { cwd, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
      return run.stdout;
    };
    const head = path.join(dir, 'head');
    const files = [
      'package.json',
      'harness/index.ts',
      '.github/workflows/grade.yml',
      'katas/katas.json',
      'katas/04-reachable-subnet/solution.ts',
      'katas/04-reachable-subnet/kata.test.ts',
      'katas/04-reachable-subnet/extra/solution.ts',
      'katas/12-give-the-task-a-role/solution.ts',
      'solutions/04-reachable-subnet/solution.ts',
    ];
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(head, file)), { recursive: true });
      fs.writeFileSync(path.join(head, file), `${file}\n`);
    }
    git(head, 'init', '-q');
    git(head, 'add', '.');
    git(head, 'commit', '-q', '-m', 'a pull request');
    git(dir, 'clone', '-q', '--no-checkout', head, 'submitted');
    const submitted = path.join(dir, 'submitted');
    git(submitted, 'sparse-checkout', 'set', '--no-cone', pattern);
    git(submitted, 'checkout', '-q');

    const checkedOut = git(submitted, 'ls-files', '-t').split('\n').filter((line) => line.startsWith('H ')).map((line) => line.slice(2)).sort();
    expect(checkedOut).toEqual(['katas/04-reachable-subnet/solution.ts', 'katas/12-give-the-task-a-role/solution.ts']);
    const onDisk = files.filter((file) => fs.existsSync(path.join(submitted, file))).sort();
    expect(onDisk).toEqual(checkedOut);
  });

  it.each(GRADING_JOBS)('%s sets up Node 20 with the npm cache before npm ci', (id) => {
    const job = workflow.jobs[id];
    const setupNode = step(job, (s) => s.uses?.startsWith('actions/setup-node@') ?? false, 'sets up Node');
    expect(setupNode.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    expect(job.steps.indexOf(setupNode)).toBeLessThan(job.steps.findIndex((s) => s.run === 'npm ci'));
  });

  it('grades with moto on Python 3.11, caching the venv by its interpreter and the requirements it is made from', () => {
    const job = workflow.jobs.grade;
    expect(gradeStep(job).env?.KATA_BACKEND).toBeUndefined();
    const python = step(job, (s) => s.uses?.startsWith('actions/setup-python@') ?? false, 'sets up Python');
    // `cache: pip` would fail the job whenever the cached venv spares pip its run (setup-python's post step).
    expect(python.with).toEqual({ 'python-version': '3.11' });
    expect(fs.existsSync(path.join(ROOT, 'harness/backends/moto/requirements.txt'))).toBe(true);
    const cache = step(job, (s) => s.uses?.startsWith('actions/cache@') ?? false, 'caches the venv');
    expect(cache.with?.path).toBe('.dojo/moto-venv');
    expect(cache.with?.key).toContain("hashFiles('harness/backends/moto/requirements.txt')");
    expect(cache.with?.key).toContain(`steps.${python.id}.outputs.python-version`);
    expect(gradeStep(job).env?.KATA_PYTHON).toBe(`\${{ steps.${python.id}.outputs.python-path }}`);
  });

  it('grades with LocalStack only when the LOCALSTACK_AUTH_TOKEN secret is set, and passes the token to the harness', () => {
    const job = workflow.jobs['grade-localstack'];
    const needs = [job.needs].flat();
    expect(needs).toHaveLength(1);
    const gate = workflow.jobs[needs[0]!];
    // A job's `if` cannot read secrets: the gate is another job's output.
    expect(job.if).toBe(`needs.${needs[0]}.outputs.present == 'true'`);
    const check = step(gate, (s) => s.env?.LOCALSTACK_AUTH_TOKEN !== undefined, 'reads the token');
    expect(check.env?.LOCALSTACK_AUTH_TOKEN).toBe('${{ secrets.LOCALSTACK_AUTH_TOKEN }}');
    expect(gate.outputs?.present).toBe(`\${{ steps.${check.id}.outputs.present }}`);
    expect(gate.permissions).toEqual({});
    for (const other of Object.values(workflow.jobs)) expect(other.if ?? '').not.toContain('secrets.');

    expect(gradeStep(job).env).toEqual({ BASE_SHA: BASE, KATA_BACKEND: 'localstack', LOCALSTACK_AUTH_TOKEN: '${{ secrets.LOCALSTACK_AUTH_TOKEN }}' });
  });

  it.each([
    ['a token', 'ls-abc123', 'present=true'],
    ['no token (an unset secret is empty)', '', 'present=false'],
  ])('the gate says whether the token is set, given %s', (_case, token, expected) => {
    const gate = workflow.jobs['localstack-token'];
    const check = step(gate, (s) => s.id === 'check', 'has the id check');
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gate-')), 'output');
    fs.writeFileSync(output, '');
    const run = spawnSync('bash', ['-e', '-c', check.run!], { env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, LOCALSTACK_AUTH_TOKEN: token }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(fs.readFileSync(output, 'utf8').trim()).toBe(expected);
  });

  it.each(GRADING_JOBS)('%s uploads what the script wrote, also when grading failed', (id) => {
    const job = workflow.jobs[id];
    const upload = step(job, (s) => s.uses?.startsWith('actions/upload-artifact@') ?? false, 'uploads artifacts');
    expect(upload.with?.path).toBe(`${outFolder(job)}/`);
    expect(upload.if).toBe('${{ !cancelled() }}');
    expect(job.steps.indexOf(upload)).toBeGreaterThan(job.steps.indexOf(gradeStep(job)));
  });

  it.each(GRADING_JOBS)('%s comments the summary on its own pull request only, with a marker of its own', (id) => {
    const job = workflow.jobs[id];
    const comment = step(job, (s) => s.uses?.startsWith('actions/github-script@') ?? false, 'comments');
    expect(comment.if).toContain("github.event_name == 'pull_request'");
    // A fork's pull request gets a read-only token: no comment, and no failure.
    expect(comment.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(comment.if).toContain('!cancelled()');
    const script = String(comment.with?.script);
    const required = /require\('\.\/([^']+)'\)/.exec(script)?.[1];
    expect(required).toBeDefined();
    expect(fs.existsSync(path.join(ROOT, required!))).toBe(true);
    expect(script).toContain(`bodyFile: '${outFolder(job)}/summary.md'`);
    expect(script).toContain(`marker: 'aws-basics-dojo grade: ${id === 'grade' ? 'moto' : 'localstack'}'`);
  });
});
