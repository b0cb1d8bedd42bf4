import { localize, type Bilingual, type Language } from '../i18n';
import type { GradedTest, KataResult } from './kata-result';

/** One kata test file as Jest reported it (see jest-grading-reporter.cjs). */
export interface KataFileRun {
  id: string;
  /** Set when the file itself could not run: a compile error, a crashed worker. */
  execError?: string;
  tests: { title: string; status: string; failureMessages: string[] }[];
}

const KATA_ASSERTION = 'KataAssertionError: ';
const SKIP_REASON = / \[(.+)\]$/;
// Jest's own styling of failure messages; the scorecard is plain text.
const ANSI = /\u001b\[[0-9;]*m/g;
const STACK_FRAME = /^\s*at .*(\(.*:\d+:\d+\)|:\d+:\d+|\(native\)|\(<anonymous>\))$/;

/**
 * Grades one kata from its Jest results. Only a kata check (KataAssertionError) is a `fail`;
 * anything else that stops a test (solve() threw or timed out, the solution does not load, a
 * skipped test, a crash, nothing ran) is an `error`, so a kata passes only when every one of its
 * tests ran and passed.
 */
export function classifyKataRun(run: KataFileRun, language: Language): KataResult {
  if (run.execError !== undefined || run.tests.length === 0) {
    return { version: 3, id: run.id, status: 'error', message: localize(whyNothingRan(run.execError), language), tests: [] };
  }
  const tests = run.tests.map((test) => gradeTest(test, language));
  const notPassed = tests.filter((test) => test.status !== 'pass');
  const firstError = tests.find((test) => test.status === 'error');
  if (notPassed.length === 0) return { version: 3, id: run.id, status: 'pass', message: null, tests };
  if (firstError) return { version: 3, id: run.id, status: 'error', message: firstParagraph(firstError.message ?? ''), tests };
  const first = notPassed[0];
  return {
    version: 3,
    id: run.id,
    status: 'fail',
    message: localize(
      {
        en: `${notPassed.length} of ${tests.length} checks failed; first: ${first.name}`,
        ja: `${tests.length} 件中 ${notPassed.length} 件のチェックが不合格。最初: ${first.name}`,
      },
      language,
    ),
    tests,
  };
}

const WORKER_CRASH = /A jest worker process \(pid=\d+\) crashed for an unknown reason: (\S+)/;

function whyNothingRan(execError: string | undefined): Bilingual {
  const crash = execError && WORKER_CRASH.exec(execError);
  if (crash) {
    return {
      en: `The process running the kata ended before any test finished (${crash[1]}): solve() called process.exit(), or the process crashed. Return from solve() instead of exiting.`,
      ja: `テストが終わる前に、カタを実行していたプロセスが終了しました(${crash[1]})。solve() が process.exit() を呼んだか、プロセスがクラッシュしています。終了せずに solve() から return してください。`,
    };
  }
  const why = execError ? withoutHarnessFrames(plain(execError).replace(/^● Test suite failed to run\s*/, '')) : '';
  return { en: `The kata's tests did not run. ${why}`.trim(), ja: `カタのテストが実行されませんでした。${why}`.trim() };
}

const HARNESS_FAILURE = 'KataHarnessError: ';

/** The harness, not the solution, kept the kata from running (its setup failed): grading itself failed. */
export function harnessFailureOf(result: KataResult): string | undefined {
  const messages = [result.message, ...result.tests.map((test) => test.message)];
  return messages.find((message) => message?.startsWith(HARNESS_FAILURE)) ?? undefined;
}

function gradeTest(test: KataFileRun['tests'][number], language: Language): GradedTest {
  if (test.status === 'passed') return { name: test.title, status: 'pass', message: null };
  if (test.status !== 'failed') {
    // A kata test skipped by the harness says why at the end of its name: "… [skipped: …]".
    const why = SKIP_REASON.exec(test.title)?.[1] ?? test.status;
    return {
      name: test.title,
      status: 'error',
      message: localize({ en: `This test did not run (${why}), so the kata cannot pass.`, ja: `このテストは実行されませんでした(${why})。カタは合格にできません。` }, language),
    };
  }
  const message = plain(test.failureMessages.join('\n'));
  if (message.startsWith(KATA_ASSERTION)) return { name: test.title, status: 'fail', message: message.slice(KATA_ASSERTION.length) };
  return { name: test.title, status: 'error', message: withoutHarnessFrames(message) };
}

function plain(text: string): string {
  return text.replace(ANSI, '').trim();
}

/** Keeps the frames that point into the learner's code; the harness's and Node's say nothing to them. */
function withoutHarnessFrames(message: string): string {
  return message
    .split('\n')
    .filter((line) => !STACK_FRAME.test(line) || !/node_modules|node:internal|\/harness\//.test(line))
    .join('\n')
    .trim();
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0].trim();
}
