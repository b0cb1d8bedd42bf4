import { classifyKataRun, harnessFailureOf, type KataFileRun } from '../../harness/grading/classify-kata-run';
import { skipReason } from '../../harness/kata/skip-reason';

const run = (tests: KataFileRun['tests'], execError?: string): KataFileRun => ({ id: '02-create-vpc', tests, execError });
const passed = (title: string) => ({ title, status: 'passed', failureMessages: [] });
const failed = (title: string, message: string) => ({ title, status: 'failed', failureMessages: [message] });

describe('grading one kata from its Jest results', () => {
  test('every test passed: pass, with no message', () => {
    const result = classifyKataRun(run([passed('a'), passed('b')]), 'en');
    expect(result).toEqual({ version: 3, id: '02-create-vpc', status: 'pass', message: null, tests: [{ name: 'a', status: 'pass', message: null }, { name: 'b', status: 'pass', message: null }] });
  });

  test('a kata check failed: fail, the check explained without the error class', () => {
    const result = classifyKataRun(run([passed('a'), failed('b', '\u001b[31mKataAssertionError: VPC vpc-1 has 10.0.0.0/24\u001b[39m')]), 'en');
    expect(result.status).toBe('fail');
    expect(result.message).toBe('1 of 2 checks failed; first: b');
    expect(result.tests[1]).toEqual({ name: 'b', status: 'fail', message: 'VPC vpc-1 has 10.0.0.0/24' });
  });

  test('anything else that stops a test is an error, even beside failed checks', () => {
    const result = classifyKataRun(run([failed('a', 'KataAssertionError: no'), failed('b', 'KataSolveError: solve() threw Error: boom\n\nmore')]), 'en');
    expect(result.status).toBe('error');
    expect(result.message).toBe('KataSolveError: solve() threw Error: boom');
  });

  test("the harness's and Node's stack frames are dropped, the learner's are kept", () => {
    const message = [
      'KataSolveError: solve() threw TypeError: x',
      '    at solve (/home/me/katas/02-create-vpc/solution.ts:5:11)',
      '    at solveOnce (/project/harness/kata/define-kata.ts:97:22)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at Object.<anonymous> (/project/node_modules/jest-circus/build/index.js:1:1)',
    ].join('\n');
    expect(classifyKataRun(run([failed('a', message)]), 'en').tests[0].message).toBe(
      'KataSolveError: solve() threw TypeError: x\n    at solve (/home/me/katas/02-create-vpc/solution.ts:5:11)',
    );
  });

  test.each(['skipped', 'pending', 'todo', 'disabled'])('a %s test is an error: a kata passes only when every test ran', (status) => {
    const result = classifyKataRun(run([passed('a'), { title: 'b', status, failureMessages: [] }]), 'en');
    expect(result.status).toBe('error');
    expect(result.tests[1]).toEqual({ name: 'b', status: 'error', message: `This test did not run (${status}), so the kata cannot pass.` });
  });

  test("a test the harness skipped gives the harness's reason", () => {
    const why = skipReason('localstack', ['ecs', 'ecr'], { available: ['ec2'], missing: { ecs: 'HTTP 501.', ecr: 'HTTP 501.' } }).en;
    const title = `the VPC exists [${why}]`;
    const result = classifyKataRun(run([{ title, status: 'pending', failureMessages: [] }]), 'en');
    expect(result.message).toBe(
      'This test did not run (ECS and ECR are not in this LocalStack edition: ECS: HTTP 501; ECR: HTTP 501. ' +
        'Use the default backend (moto: run without KATA_BACKEND), or LocalStack with LOCALSTACK_AUTH_TOKEN set to a plan that includes it.), so the kata cannot pass.',
    );
  });

  test('no test ran: error', () => {
    expect(classifyKataRun(run([]), 'en')).toEqual({ version: 3, id: '02-create-vpc', status: 'error', message: "The kata's tests did not run.", tests: [] });
  });

  test('the test file could not run: error, with Jest\'s reason', () => {
    const result = classifyKataRun(run([], '● Test suite failed to run\n\n  process.exit called with "0"'), 'en');
    expect(result.status).toBe('error');
    expect(result.message).toContain('process.exit called with "0"');
  });

  test('messages of its own are in Japanese with ja', () => {
    expect(classifyKataRun(run([passed('a'), failed('b', 'KataAssertionError: いいえ')]), 'ja').message).toBe('2 件中 1 件のチェックが不合格。最初: b');
  });
});

test('a worker that exited under the kata is explained as process.exit() or a crash', () => {
  const execError = '● Test suite failed to run\n\n    A jest worker process (pid=32496) crashed for an unknown reason: exitCode=0\n\n      at ChildProcessWorker._onExit (node_modules/jest-worker/build/index.js:964:23)';
  expect(classifyKataRun(run([], execError), 'en').message).toBe(
    'The process running the kata ended before any test finished (exitCode=0): solve() called process.exit(), or the process crashed. Return from solve() instead of exiting.',
  );
});

test("a kata whose setup failed is the harness's failure, not the solution's", () => {
  const result = classifyKataRun(run([failed('a', 'KataHarnessError: The setup of kata 02-create-vpc failed (a harness problem, not your solution): boom')]), 'en');
  expect(result.status).toBe('error');
  expect(harnessFailureOf(result)).toBe('KataHarnessError: The setup of kata 02-create-vpc failed (a harness problem, not your solution): boom');
  expect(harnessFailureOf(classifyKataRun(run([failed('a', 'KataSolveError: solve() threw Error: boom')]), 'en'))).toBeUndefined();
});
