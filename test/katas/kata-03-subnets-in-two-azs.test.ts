import * as path from 'node:path';
import { ROOT } from '../run-dojo';
import { runKatasWithReport } from './jest-report';

// Every reference passing and every starter failing on a check, in English and Japanese, is proved
// by test/grading/grade.test.ts, through `npm run grade` as CI grades a learner.

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
