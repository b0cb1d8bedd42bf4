// `npm test` runs the project's own suite; `npm test katas [-- <id>...]` runs the learner's katas.
// A wrapper because `jest katas <id>` would OR the two patterns and run every kata.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jestBin = createRequire(import.meta.url).resolve('jest/bin/jest');
const args = process.argv.slice(2);

function kataArgs(rest) {
  const ids = JSON.parse(readFileSync(join(root, 'katas', 'katas.json'), 'utf8')).map((kata) => kata.id);
  const patterns = [];
  const passThrough = [];
  for (const arg of rest.filter((word) => word !== '--')) {
    if (arg.startsWith('-')) {
      passThrough.push(arg);
      continue;
    }
    const matches = ids.filter((id) => id === arg || id.startsWith(`${arg}-`) || id.startsWith(arg));
    if (matches.length !== 1) {
      const why = matches.length === 0 ? 'is not a kata' : `matches ${matches.join(', ')}`;
      console.error(`"${arg}" ${why}. Kata ids:\n  ${ids.join('\n  ')}\nRun one with: npm test katas -- ${ids[0]}`);
      process.exit(2);
    }
    patterns.push(`katas/${matches[0]}/kata\\.test\\.ts$`);
  }
  return [...passThrough, ...patterns.map((p) => `--testPathPatterns=${p}`), '--selectProjects', 'katas'];
}

// The suite's tests start whole kata runs of their own and time some of them; one file at a time
// keeps those timings honest on a two-core laptop.
function suiteArgs(rest) {
  const chosenWorkers = rest.some((arg) => /^(-w|--maxWorkers|-i|--runInBand)\b/.test(arg));
  return [...(chosenWorkers ? [] : ['--runInBand']), ...rest];
}

// --selectProjects comes last: it takes every word after it as a project name.
const jestArgs = args[0] === 'katas' ? kataArgs(args.slice(1)) : [...suiteArgs(args), '--selectProjects', 'suite'];
// The SDK warns on every client that releases after January 2027 will need Node 22; the pinned ones run on 20.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env };
const child = spawn(process.execPath, [jestBin, ...jestArgs], { cwd: root, stdio: 'inherit', env });
// Ctrl-C reaches Jest too (same process group); a signal sent to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
