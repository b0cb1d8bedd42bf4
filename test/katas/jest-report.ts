import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDojo, type DojoRun } from '../run-dojo';

export interface KataTestResult {
  kata: string;
  title: string;
  status: string;
  failureMessages: string[];
}

/** Runs `npm test katas` with Jest's JSON report and returns one row per kata test. */
export async function runKatasWithReport(env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<{ run: DojoRun; results: KataTestResult[] }> {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kata-report-')), 'report.json');
  const run = await runDojo(['katas', ...extraArgs, '--json', `--outputFile=${report}`], env);
  if (!fs.existsSync(report)) throw new Error(`The kata run wrote no report (exit ${run.code}):\n${run.output}`);
  const parsed = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    testResults: { name: string; message: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
  };
  const results = parsed.testResults.flatMap((file) => {
    const kata = path.basename(path.dirname(file.name));
    if (file.assertionResults.length === 0) return [{ kata, title: '(test file did not run)', status: 'failed', failureMessages: [file.message] }];
    return file.assertionResults.map((test) => ({ kata, title: test.title, status: test.status, failureMessages: test.failureMessages }));
  });
  return { run, results };
}

