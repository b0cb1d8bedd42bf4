// `npm run grade`: grades folders of solutions against one local cloud and prints a scorecard.
// Exit 0 whenever grading ran, whatever the score; 1 when the harness failed; 2 for a bad command line.
import './quiet-sdk-node-warning';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackendPrerequisiteError } from '../backends/backend';
import { GradeUsageError, parseGradeArguments, type GradeArguments } from '../grading/grade-arguments';
import { gradeFolders, type GradeReport } from '../grading/grade-folders';
import { renderJunitReport } from '../grading/junit-report';
import { renderMarkdownSummary } from '../grading/markdown-summary';
import { renderScorecard } from '../grading/scorecard';
import { startLocalCloud } from '../runner/local-cloud';

const log = (line: string) => process.stderr.write(`[grade] ${line}\n`);

async function main(): Promise<number> {
  let args: GradeArguments;
  try {
    args = await parseGradeArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof GradeUsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  log(`${args.folders.length} folder(s), ${args.kataIds.length} kata(s), ${args.parallel} at a time, solve() limit ${args.timeoutSeconds} s`);
  let cloud;
  try {
    cloud = await startLocalCloud(log);
  } catch (error) {
    if (!(error instanceof BackendPrerequisiteError)) throw error;
    log(error.message);
    return 1;
  }
  let report: GradeReport;
  try {
    report = await gradeFolders({
      folders: args.folders,
      from: args.from,
      kataIds: args.kataIds,
      cloud: cloud.info,
      language: args.language,
      timeoutSeconds: args.timeoutSeconds,
      parallel: args.parallel,
      onResult: (folder, result) => log(`${folder} ${result.id}: ${result.status}`),
    });
  } finally {
    await cloud.stop();
  }
  process.stdout.write(renderScorecard(report, args.language));
  writeIfAsked(args.json, `${JSON.stringify(report, null, 2)}\n`);
  writeIfAsked(args.junit, renderJunitReport(report));
  writeIfAsked(args.markdown, renderMarkdownSummary(report, args.language));
  return report.folders.some((folder) => folder.harnessFailure) ? 1 : 0;
}

function writeIfAsked(file: string | undefined, content: string): void {
  if (!file) return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, content);
  log(`wrote ${file}`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[grade] the harness failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
