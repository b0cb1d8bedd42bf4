// Proves that a test run leaves nothing behind: no moto server, no gateway port, whether the run
// ends normally, is interrupted with Ctrl-C, gets SIGINT on its own, or its Jest process is killed.
// Prints one line per scenario; exits 1 if any left something running.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const READY = /local AWS ready: \w+ at http:\/\/127\.0\.0\.1:(\d+), behind the gateway http:\/\/127\.0\.0\.1:(\d+)/;
const hasProc = existsSync('/proc/self/cmdline');

const scenarios = [
  { name: 'a run that ends normally', args: ['test/gateway/caller.test.ts'], interrupt: null },
  { name: 'Ctrl-C mid-run (SIGINT to the whole process group)', args: slowKata(), interrupt: (run) => process.kill(-run.pid, 'SIGINT') },
  { name: 'SIGINT to `npm test` alone', args: slowKata(), interrupt: (run) => process.kill(run.pid, 'SIGINT') },
  { name: 'SIGTERM to `npm test` alone', args: slowKata(), interrupt: (run) => process.kill(run.pid, 'SIGTERM') },
  ...(hasProc
    ? [{ name: 'the Jest process killed with SIGKILL', args: slowKata(), interrupt: (run) => process.kill(childrenOf(run.pid)[0], 'SIGKILL') }]
    : []),
];

function slowKata() {
  return ['katas', '--', '02-create-vpc'];
}

let failures = 0;
for (const scenario of scenarios) {
  const leftovers = await runScenario(scenario);
  if (leftovers.length === 0) console.log(`ok   ${scenario.name}: nothing left running`);
  else {
    failures++;
    console.log(`FAIL ${scenario.name}: ${leftovers.join('; ')}`);
  }
}
process.exit(failures === 0 ? 0 : 1);

async function runScenario({ args, interrupt }) {
  // Marks this run's processes, so moto servers of other runs on the machine are not counted.
  const marker = `KATA_CLEANUP_CHECK=${process.pid}-${Math.random().toString(36).slice(2)}`;
  const env = { ...process.env, KATA_BACKEND: 'moto', KATA_CLEANUP_CHECK: marker.split('=')[1] };
  if (interrupt) env.KATA_SOLUTIONS_DIR = join(root, 'test/fixtures/slow-solutions');
  const run = spawn(process.execPath, [join(root, 'scripts/test.mjs'), ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ports = await new Promise((resolve) => {
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(READY);
      if (match) resolve({ backend: Number(match[1]), gateway: Number(match[2]) });
    };
    run.stdout.on('data', onData);
    run.stderr.on('data', onData);
    run.on('exit', () => resolve(null));
  });
  if (!ports) return [`the run ended before the local AWS was ready:\n${output}`];
  const exited = new Promise((resolve) => run.on('exit', resolve));
  if (interrupt) {
    await sleep(2500); // the slow solution is now mid-solve
    interrupt(run);
  }
  const ended = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  if (!ended) {
    process.kill(-run.pid, 'SIGKILL');
    return ['the run did not end within 60 s'];
  }
  await sleep(1500); // the orphan watchdog of moto checks its parent twice a second
  const leftovers = [];
  if (await listening(ports.backend)) leftovers.push(`moto still listens on 127.0.0.1:${ports.backend}`);
  if (await listening(ports.gateway)) leftovers.push(`the gateway still listens on 127.0.0.1:${ports.gateway}`);
  for (const pid of motoProcesses(marker)) leftovers.push(`moto process ${pid} is still running`);
  return leftovers;
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Moto servers started by the run with this marker (Linux /proc; elsewhere only ports are checked). */
function motoProcesses(marker) {
  if (!hasProc) return [];
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid) && procFile(pid, 'cmdline').includes(join('harness', 'backends', 'moto', 'launch.py')))
    .filter((pid) => procFile(pid, 'environ').split('\0').includes(marker))
    .map(Number);
}

function childrenOf(pid) {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function procFile(pid, name) {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return '';
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
