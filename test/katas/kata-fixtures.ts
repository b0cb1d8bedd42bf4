import * as path from 'node:path';
import { ROOT } from '../run-dojo';
import { runKatasWithReport, type KataTestResult } from './jest-report';

/** The environment that grades a fixture folder: a common mistake, or another correct way. */
export function fixture(kind: 'wrong-solutions' | 'alternative-solutions', name: string): NodeJS.ProcessEnv {
  return { KATA_SOLUTIONS_DIR: path.join(ROOT, 'test/fixtures', kind, name) };
}

/** Runs one kata with `env` and returns each of its tests' results. */
export async function runKata(kata: string, env: NodeJS.ProcessEnv): Promise<KataTestResult[]> {
  return (await runKatasWithReport(env, [kata])).results;
}

/** The one result whose title matches, with its failure messages joined. */
export function one(results: KataTestResult[], title: RegExp): { status: string; message: string } {
  const found = results.filter((result) => title.test(result.title));
  expect(found).toHaveLength(1);
  return { status: found[0].status, message: found[0].failureMessages.join('\n') };
}
