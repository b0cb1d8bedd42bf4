import * as path from 'node:path';
import { loadManifest } from '../../harness/kata/manifest';
import { SOLUTIONS_DIR } from '../../harness/paths';
import { ROOT } from '../run-dojo';
import { copyOutsideRepo, runKatasWithReport, type KataTestResult } from './jest-report';

const kataIds = loadManifest().map((kata) => kata.id);
const byKata = (results: KataTestResult[], id: string) => results.filter((result) => result.kata === id);

describe('the reference solutions', () => {
  let results: KataTestResult[];
  beforeAll(async () => {
    // Graded from a folder outside the repository, two Jest workers at once: katas 02 and 03 both
    // make a VPC tagged kata-vpc, and 02 requires exactly one in its account, so a leak between
    // parallel runs fails it.
    ({ results } = await runKatasWithReport({ KATA_SOLUTIONS_DIR: copyOutsideRepo(SOLUTIONS_DIR) }, ['--maxWorkers=2']));
  }, 300_000);

  test.each(kataIds)('%s passes every test', (id) => {
    const tests = byKata(results, id);
    expect(tests.length).toBeGreaterThan(0);
    const notPassed = tests.filter((test) => test.status !== 'passed');
    expect(notPassed.map((test) => `${test.title}: ${test.status}\n${test.failureMessages.join('\n')}`)).toEqual([]);
  });
});

describe('the starters', () => {
  let results: KataTestResult[];
  beforeAll(async () => {
    ({ results } = await runKatasWithReport({}, ['--maxWorkers=2']));
  }, 300_000);

  test.each(kataIds)('%s fails, and only on a kata assertion (not a crash or a compile error)', (id) => {
    const tests = byKata(results, id);
    expect(tests.filter((test) => test.status === 'failed').length).toBeGreaterThan(0);
    for (const test of tests.filter((t) => t.status === 'failed')) {
      for (const message of test.failureMessages) expect(message).toMatch(/^KataAssertionError: /);
    }
  });
});

describe('the starters in Japanese (KATA_LANG=ja)', () => {
  const JAPANESE = /[\u3040-\u30ff\u4e00-\u9faf]/;
  let results: KataTestResult[];
  beforeAll(async () => {
    ({ results } = await runKatasWithReport({ KATA_LANG: 'ja' }, ['--maxWorkers=2']));
  }, 300_000);

  test.each(kataIds)('%s explains every failure in Japanese', (id) => {
    const failed = byKata(results, id).filter((test) => test.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const message of failed.flatMap((test) => test.failureMessages)) {
      expect(message).toMatch(/^KataAssertionError: /);
      expect(message.split('\n')[0]).toMatch(JAPANESE);
    }
  });
});

describe('kata 03 names the rule a wrong solution breaks', () => {
  const wrong = (name: string) => ({ KATA_SOLUTIONS_DIR: path.join(ROOT, 'test/fixtures/wrong-solutions', name) });

  test('two /24 subnets fail the /20 rule, and nothing else', async () => {
    const { results } = await runKatasWithReport(wrong('subnet-24'), ['03-subnets-in-two-azs']);
    const failed = results.filter((test) => test.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].failureMessages.join('\n')).toMatch(/\/24/);
    expect(failed[0].failureMessages.join('\n')).toMatch(/\/20/);
    expect(results.filter((test) => test.status === 'passed').length).toBeGreaterThan(0);
  }, 120_000);

  test('two subnets in one AZ fail the different-AZ rule, and nothing else', async () => {
    const { results } = await runKatasWithReport(wrong('same-az'), ['03-subnets-in-two-azs']);
    const failed = results.filter((test) => test.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].failureMessages.join('\n')).toMatch(/different Availability Zones/);
    expect(failed[0].failureMessages.join('\n')).toMatch(/ap-northeast-1[a-z]/);
  }, 120_000);
});
