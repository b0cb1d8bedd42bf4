/**
 * What grading says about one kata: exercism's test-runner results, version 3, with the kata's id.
 * https://exercism.org/docs/building/tooling/test-runners/interface
 */
export type GradeStatus = 'pass' | 'fail' | 'error';

export interface GradedTest {
  name: string;
  status: GradeStatus;
  /** Why the test did not pass; null when it passed. */
  message: string | null;
}

export interface KataResult {
  version: 3;
  id: string;
  status: GradeStatus;
  /** Why the kata did not pass, in one line or a few; null when it passed. */
  message: string | null;
  tests: GradedTest[];
}

/** A kata that could not be graded at all: no test ran, so the reason is the kata's message. */
export function kataError(id: string, message: string): KataResult {
  return { version: 3, id, status: 'error', message, tests: [] };
}
