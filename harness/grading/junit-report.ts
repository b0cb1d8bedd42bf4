import junit from 'junit-report-builder';
import type { GradeReport } from './grade-folders';
import { firstLine } from './scorecard';

/**
 * The grades as JUnit XML, so CI systems show them: one test suite per folder and kata, one test
 * case per kata test. A kata that could not run at all is one test case with an error; an absent
 * kata is one skipped test case, so it shows and is never counted as passed.
 */
export function renderJunitReport(report: GradeReport): string {
  const builder = junit.newBuilder().name(`aws-basics-dojo katas (${report.backend})`);
  for (const folder of report.folders) {
    for (const id of report.katas) {
      const suite = builder.testSuite().name(`${folder.name} ${id}`).property('solutions', folder.solutions).property('kata', id);
      const kata = folder.katas.find((k) => k.id === id);
      if (!kata) {
        suite.testCase().className(id).name('solution.ts').skipped();
        continue;
      }
      if (kata.tests.length === 0) {
        suite.testCase().className(id).name('(kata)').error(firstLine(kata.message ?? ''), 'error', kata.message ?? '');
        continue;
      }
      for (const test of kata.tests) {
        const testCase = suite.testCase().className(id).name(test.name);
        if (test.status === 'fail') testCase.failure(firstLine(test.message ?? ''), 'KataAssertionError').stacktrace(test.message ?? '');
        if (test.status === 'error') testCase.error(firstLine(test.message ?? ''), 'error', test.message ?? '');
      }
    }
  }
  return builder.build();
}

