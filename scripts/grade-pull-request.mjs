#!/usr/bin/env node
// Grades a pull request's solutions for CI: the one script .github/workflows/grade.yml runs after
// `npm ci`, so running it on a laptop is running what CI runs.
//
//   scripts/grade-pull-request.mjs [--out <dir>] [--solutions <dir>]... [--base <commit>] [--kata <id>]...
//                                  [--timeout <s>] [--parallel <n>] [--lang en|ja]
//
// The tests, the harness and katas/katas.json are always this checkout's (in CI: the pull request's
// base); from --solutions only <id>/solution.ts is read. With --base, the summary also names the files
// the solutions' checkout changed since <commit> besides those, and says they were not used.
//
// Writes <out>/results.json (grade's report: exercism results v3 per kata, per folder), <out>/junit.xml
// and <out>/summary.md, appends summary.md to $GITHUB_STEP_SUMMARY when that is set, and exits with
// grade's code: 0 when grading ran (whatever the score), non-zero only when the harness failed (or
// the command line was wrong). Then summary.md starts by saying grading did not complete; a scorecard
// grade still wrote below that marks what it could not grade as error: CI never shows a pass it did
// not see.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { changesNotGraded, checkoutRoot, renderChangesNote } from './pull-request-changes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const usage = `Usage: scripts/grade-pull-request.mjs [--out <dir>] [--solutions <dir>]... [--base <commit>] [--kata <id>]... [--timeout <s>] [--parallel <n>] [--lang en|ja]
  --out        folder for results.json, junit.xml and summary.md (default: grade-results)
  --solutions  folder holding <id>/solution.ts (default: katas); repeat it for several
  --base       the commit the pull request is compared with (one --solutions folder, in a git checkout
               of the pull request): the summary names the files it changed besides its solutions
  the other options are passed to \`npm run grade\` as they are`;

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      out: { type: 'string', default: 'grade-results' },
      solutions: { type: 'string', multiple: true, default: ['katas'] },
      base: { type: 'string' },
      kata: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string' },
      parallel: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
if (options.base !== undefined && (options.base === '' || options.base.startsWith('-'))) {
  console.error(`--base '${options.base}' is not a commit. Give the sha (or branch) the pull request is compared with, e.g. --base origin/main.\n${usage}`);
  process.exit(2);
}
if (options.base !== undefined && options.solutions.length !== 1) {
  console.error(`--base compares one pull request: give exactly one --solutions folder, in a git checkout of it (given ${options.solutions.length}: ${options.solutions.join(', ')}).\n${usage}`);
  process.exit(2);
}
if (options.base !== undefined && checkoutRoot(root) !== null && checkoutRoot(resolve(options.solutions[0])) === checkoutRoot(root)) {
  console.error(
    `--base: ${options.solutions[0]} is in the checkout this script grades with, so its tests and harness would be the pull request's own. Check the pull request out on its own (git worktree add ../pull-request <branch>) and give --solutions ../pull-request/katas.`,
  );
  process.exit(2);
}

const language = chooseLanguage(options.lang, process.env);
const out = resolve(options.out);
const files = { json: join(out, 'results.json'), junit: join(out, 'junit.xml'), markdown: join(out, 'summary.md') };
mkdirSync(out, { recursive: true });
// Files left from an earlier run must not pass for this run's results.
for (const file of Object.values(files)) rmSync(file, { force: true });

// Before grading: from here on a solution's code runs, and it could change the checkout it came from.
const changes = options.base === undefined ? null : changesNotGraded({ solutionsDir: resolve(options.solutions[0]), base: options.base, kataIds: kataIds() });
const changesNote = changes ? renderChangesNote(changes, options.base, language) : '';
if (changesNote) console.log(changesNote);

const gradeArgs = [
  ...options.solutions.flatMap((dir) => ['--solutions', fromRoot(dir)]),
  ...options.kata.flatMap((id) => ['--kata', id]),
  ...(options.timeout ? ['--timeout', options.timeout] : []),
  ...(options.parallel ? ['--parallel', options.parallel] : []),
  ...(options.lang ? ['--lang', options.lang] : []),
  '--json', files.json,
  '--junit', files.junit,
  '--markdown', files.markdown,
];
console.log(`> npm run grade -- ${gradeArgs.join(' ')}`);
const gradeExit = await runGrade(gradeArgs);
const problem = gradeExit === 0 ? missingOutput() : harnessFailed(gradeExit, existsSync(files.markdown));

if (problem) {
  // What grade wrote stays below the note: its scorecard marks a folder it could not grade as error, never pass.
  const graded = existsSync(files.markdown) ? `\n${readFileSync(files.markdown, 'utf8')}` : '';
  writeFileSync(files.markdown, `${problem.markdown}${graded}`);
  console.error(problem.log);
}
if (changesNote) appendFileSync(files.markdown, `\n${changesNote}`);
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${readFileSync(files.markdown, 'utf8').trimEnd()}\n`);
process.exit(problem ? problem.exitCode : 0);

/** The katas of this checkout's katas/katas.json: their solution.ts files are what grading reads from a pull request. */
function kataIds() {
  return JSON.parse(readFileSync(join(root, 'katas', 'katas.json'), 'utf8')).map((kata) => kata.id);
}

/** `npm run` works in the project's root: a folder (or glob) given from elsewhere is made to point at the same place. */
function fromRoot(folder) {
  const absolute = resolve(folder);
  const inside = relative(root, absolute);
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? absolute : inside;
}

function runGrade(args) {
  return new Promise((resolveExit) => {
    const child = spawn('npm', ['run', '--silent', 'grade', '--', ...args], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('error', (error) => {
      console.error(`Could not start npm run grade: ${error.message}`);
      resolveExit(127);
    });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}

/** grade exited 0: every file it was asked for must be there, and the report must hold a folder. */
function missingOutput() {
  const missing = Object.entries(files).filter(([, file]) => !existsSync(file));
  if (missing.length > 0) {
    const names = missing.map(([, file]) => file).join(', ');
    return failure(1, {
      en: `npm run grade exited 0 but did not write ${names}. Grading is not trustworthy without them; run the script again locally and read grade's output above.`,
      ja: `npm run grade は終了コード 0 でしたが、${names} を書き出していません。これがなければ採点結果を信頼できません。手元でこのスクリプトをもう一度実行し、上の grade の出力を読んでください。`,
    });
  }
  let report;
  try {
    report = JSON.parse(readFileSync(files.json, 'utf8'));
  } catch (error) {
    return failure(1, {
      en: `${files.json} is not JSON (${error.message}). The harness wrote a broken report; read grade's output above.`,
      ja: `${files.json} が JSON ではありません(${error.message})。ハーネスが壊れたレポートを書きました。上の grade の出力を読んでください。`,
    });
  }
  if (!Array.isArray(report?.folders) || report.folders.length === 0) {
    return failure(1, {
      en: `${files.json} grades no folder of solutions, so there is no score. Read grade's output above.`,
      ja: `${files.json} に採点したフォルダーが1つもないので、スコアはありません。上の grade の出力を読んでください。`,
    });
  }
  return null;
}

function harnessFailed(code, wroteScorecard) {
  if (code === 2) {
    return failure(code, {
      en: `npm run grade refused its command line (exit code 2); its message above says which value and what it accepts. Nothing was graded.`,
      ja: `npm run grade がコマンドラインを受け付けませんでした(終了コード 2)。どの値が問題で、何を指定できるかは上のメッセージにあります。何も採点していません。`,
    });
  }
  const seen = wroteScorecard
    ? {
        en: 'the harness failed, so grading did not see every kata. A kata it could not grade is marked error in the scorecard below, never pass.',
        ja: 'ハーネスが失敗したため、すべてのカタを採点できていません。採点できなかったカタは下の表でエラーになっており、合格にはなりません。',
      }
    : { en: 'the harness failed before it wrote a scorecard, so this run has no score.', ja: '採点結果を書き出す前にハーネスが失敗したため、この実行にはスコアがありません。' };
  return failure(code, {
    en: `npm run grade exited with code ${code}: ${seen.en} The job log says why; fix that and push again (or re-run the job).`,
    ja: `npm run grade が終了コード ${code} で終わりました。${seen.ja}理由はジョブのログにあります。それを直してもう一度 push する(またはジョブを再実行する)と採点されます。`,
  });
}

function failure(exitCode, text) {
  const heading = { en: 'Grading did not complete', ja: '採点は完了しませんでした' }[language];
  return { exitCode, log: text[language], markdown: `## ${heading}\n\n${text[language]}\n` };
}

/** --lang, else KATA_LANG, else a Japanese locale, else English: as the harness chooses. */
function chooseLanguage(flag, env) {
  const chosen = (flag ?? env.KATA_LANG ?? '').trim().toLowerCase();
  if (chosen === 'ja' || chosen === 'en') return chosen;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
