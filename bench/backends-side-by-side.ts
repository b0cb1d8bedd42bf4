/**
 * moto and LocalStack side by side on the same katas: how long the local cloud takes to start,
 * how long grading the reference solutions takes against it, and the backend's peak memory.
 *
 *   npm run bench:backends           (KATA_BENCH_RUNS=… runs per backend, default 3)
 *
 * LocalStack's image is KATA_LOCALSTACK_IMAGE, or else the test fixture that
 * `scripts/localstack-fixture-image.sh` builds (or reuses). Ryuk is disabled: each cloud is
 * stopped by the harness, and the bench checks that none of the backend's processes is left.
 *
 * - Kata subset: the katas of katas.json whose `services` both backends answer, as their probes
 *   report in `info.capabilities`. One untimed start of each backend reads the capabilities first
 *   (it also warms the moto venv and the image cache).
 * - Start: `startLocalCloud` wall time (backend, gateway, ECS agent, capability probe).
 * - Suite: `runKatas` wall time on `solutions/` for the subset, one Jest worker. Every kata must
 *   pass; a run where one does not is reported with its status instead of a time.
 * - Peak memory, the same way for both: the backend's processes are its pids as the harness
 *   knows them (moto: the python server; LocalStack: the container's processes via `docker top`)
 *   and their descendants. Every 200 ms their VmRSS (/proc/<pid>/status) is summed; the figure
 *   is the largest sum from the moment the cloud is up to the end of the suite. Resident memory
 *   only, no page cache, so a container's cgroup figure would be larger. The kernel's own
 *   per-process peak (VmHWM, summed; it includes the start) is printed beside it as a check.
 * - Memory per account: every kata run has an account of its own and neither backend forgets
 *   one, so after the suite 50 new accounts each make the first calls of a kata run (IAM
 *   GetPolicy of an AWS managed policy, EC2 DescribeVpcs) through the gateway; the figure is the
 *   growth of the same VmRSS sum divided by 50.
 *
 * Rounds alternate moto and LocalStack, so background load on the machine falls on both alike.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetPolicyCommand } from '@aws-sdk/client-iam';
import type { BackendName, KataService } from '../harness/backends/backend';
import { runKatas } from '../harness/grading/run-katas';
import { loadManifest } from '../harness/kata/manifest';
import { PROJECT_ROOT, SOLUTIONS_DIR } from '../harness/paths';
import { createClients, destroyClients, rootCredentials } from '../harness/runner/clients';
import { newAccount } from '../harness/runner/control-api';
import { startLocalCloud, type LocalCloud } from '../harness/runner/local-cloud';

const RUNS = Number(process.env.KATA_BENCH_RUNS ?? 3);
const SAMPLE_MS = 200;
const NEW_ACCOUNTS = 50;
const BACKENDS = ['moto', 'localstack'] as const;

interface Run {
  startS: number;
  suiteS: number | null;
  /** Why the suite time is missing: the katas that did not pass. */
  failure?: string;
  peakRssMiB: number;
  hwmSumMiB: number;
  perAccountMiB: number;
  /** How many processes the measure covered. */
  processes: number;
}

async function main(): Promise<void> {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`KATA_BENCH_RUNS=${process.env.KATA_BENCH_RUNS}: give a whole number of runs, 1 or more.`);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  process.env.KATA_LOCALSTACK_IMAGE ||= fixtureImage();
  const image = process.env.KATA_LOCALSTACK_IMAGE;

  const available = new Map<BackendName, Set<KataService>>();
  for (const backend of BACKENDS) {
    const cloud = await start(backend);
    available.set(backend, new Set(cloud.info.capabilities.available));
    await stopAndCheck(cloud, await cloud.backendProcessIds(), backend);
  }
  const kataIds = loadManifest()
    .filter((kata) => BACKENDS.every((backend) => kata.services.every((service) => available.get(backend)!.has(service))))
    .map((kata) => kata.id);
  if (kataIds.length === 0) throw new Error('No kata runs on both backends: compare their capabilities in the log above.');
  process.stderr.write(`[bench] katas both backends run: ${kataIds.join(' ')}\n`);

  const runs = new Map<BackendName, Run[]>(BACKENDS.map((backend) => [backend, []]));
  for (let round = 1; round <= RUNS; round += 1) {
    for (const backend of BACKENDS) {
      const run = await measure(backend, kataIds);
      runs.get(backend)!.push(run);
      process.stderr.write(
        `[bench] ${backend} run ${round}: start ${run.startS.toFixed(1)} s, suite ${run.suiteS === null ? run.failure : `${run.suiteS.toFixed(1)} s`}, ` +
          `peak RSS ${run.peakRssMiB.toFixed(0)} MiB (${run.processes} process(es)), ${run.perAccountMiB.toFixed(2)} MiB per new account\n`,
      );
    }
  }
  print(runs, kataIds, image);
}

async function measure(backend: BackendName, kataIds: string[]): Promise<Run> {
  const started = process.hrtime.bigint();
  const cloud = await start(backend);
  const startS = secondsSince(started);
  const pids = await cloud.backendProcessIds();
  if (pids.length === 0) throw new Error(`The ${backend} backend reported no processes to measure.`);
  const sampler = new RssSampler(pids);
  try {
    const suiteStarted = process.hrtime.bigint();
    const results = await runKatas({ solutionsDir: SOLUTIONS_DIR, kataIds, cloud: cloud.info, language: 'en' });
    const suiteS = secondsSince(suiteStarted);
    sampler.sample();
    const peakRssMiB = sampler.peakRssKiB / 1024;
    const hwmSumMiB = sampler.hwmSumKiB() / 1024;
    const perAccountMiB = await memoryPerNewAccountMiB(cloud, sampler);
    const notPassed = results.filter((result) => result.status !== 'pass');
    const failure = notPassed.length ? `NOT ALL PASSED: ${notPassed.map((r) => `${r.id} ${r.status}${r.message ? ` (${r.message.split('\n')[0]})` : ''}`).join('; ')}` : undefined;
    return { startS, suiteS: failure ? null : suiteS, failure, peakRssMiB, hwmSumMiB, perAccountMiB, processes: sampler.processes() };
  } finally {
    sampler.stop();
    await stopAndCheck(cloud, pids, backend);
  }
}

async function memoryPerNewAccountMiB(cloud: LocalCloud, sampler: RssSampler): Promise<number> {
  const { gatewayUrl, region } = cloud.info;
  const before = sampler.sample();
  for (let account = 0; account < NEW_ACCOUNTS; account += 1) {
    const clients = createClients({ endpoint: gatewayUrl, region, credentials: rootCredentials(await newAccount(gatewayUrl)) });
    try {
      await clients.iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await clients.ec2.send(new DescribeVpcsCommand({}));
    } finally {
      destroyClients(clients);
    }
  }
  return (sampler.sample() - before) / 1024 / NEW_ACCOUNTS;
}

async function start(backend: BackendName): Promise<LocalCloud> {
  process.env.KATA_BACKEND = backend;
  return startLocalCloud((line) => process.stderr.write(`[${backend}] ${line}\n`));
}

async function stopAndCheck(cloud: LocalCloud, pids: number[], backend: BackendName): Promise<void> {
  await cloud.stop();
  const left = pids.filter((pid) => fs.existsSync(`/proc/${pid}`));
  if (left.length) throw new Error(`After stopping ${backend}, its processes ${left.join(', ')} still run; stop them (kill ${left.join(' ')}) before measuring again.`);
}

function fixtureImage(): string {
  const built = spawnSync('bash', ['scripts/localstack-fixture-image.sh'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const image = built.stdout.trim().split('\n').pop();
  if (built.status !== 0 || !image) throw new Error(`scripts/localstack-fixture-image.sh exited ${built.status} without naming an image; see its output above, or set KATA_LOCALSTACK_IMAGE.`);
  return image;
}

/** Sums the resident memory of some processes and their descendants, every SAMPLE_MS. */
class RssSampler {
  peakRssKiB = 0;
  private readonly hwmKiB = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly roots: number[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  /** The summed VmRSS now, in KiB. */
  sample(): number {
    let rss = 0;
    for (const pid of withDescendants(this.roots)) {
      const status = readStatus(pid);
      if (!status) continue;
      rss += status.rssKiB;
      this.hwmKiB.set(pid, Math.max(this.hwmKiB.get(pid) ?? 0, status.hwmKiB));
    }
    this.peakRssKiB = Math.max(this.peakRssKiB, rss);
    return rss;
  }

  processes(): number {
    return this.hwmKiB.size;
  }

  hwmSumKiB(): number {
    return [...this.hwmKiB.values()].reduce((sum, kib) => sum + kib, 0);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function withDescendants(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    // The command name in parentheses may hold spaces; the parent pid is the second field after it.
    const parent = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (Number.isInteger(parent)) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found = new Set<number>();
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift()!;
    if (found.has(pid)) continue;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...found];
}

function readStatus(pid: number): { rssKiB: number; hwmKiB: number } | undefined {
  const status = readProc(`/proc/${pid}/status`);
  const field = (name: string) => Number(status?.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
  const rssKiB = field('VmRSS');
  const hwmKiB = field('VmHWM');
  return Number.isFinite(rssKiB) && Number.isFinite(hwmKiB) ? { rssKiB, hwmKiB } : undefined;
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function print(runs: Map<BackendName, Run[]>, kataIds: string[], image: string): void {
  console.log(
    `${kataIds.length} katas both backends run (${kataIds.join(' ')}), reference solutions, ${RUNS} run(s) per backend; ` +
      `Node ${process.version}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(`LocalStack image: ${image}`);
  console.log('Memory: peak of the summed VmRSS of the backend processes, sampled every 200 ms (VmHWM sum beside it)');
  console.log(`Per account: VmRSS growth over ${NEW_ACCOUNTS} new accounts after the suite, each making a kata run's first IAM and EC2 calls`);
  console.log('backend      runs   start s med (min–max)   suite s med (min–max)   peak RSS MiB med (min–max)   VmHWM sum MiB med   MiB per account med   processes');
  for (const [backend, list] of runs) {
    const suites = list.flatMap((run) => (run.suiteS === null ? [] : [run.suiteS]));
    const failed = list.length - suites.length;
    console.log(
      [
        backend.padEnd(10),
        String(list.length).padStart(6),
        spread(list.map((run) => run.startS), 1).padStart(23),
        (suites.length ? spread(suites, 1) : 'none passed').padStart(23),
        spread(list.map((run) => run.peakRssMiB), 0).padStart(28),
        median(list.map((run) => run.hwmSumMiB)).toFixed(0).padStart(19),
        median(list.map((run) => run.perAccountMiB)).toFixed(2).padStart(21),
        String(Math.max(...list.map((run) => run.processes))).padStart(11),
      ].join(' ') + (failed ? `   ${failed} run(s) NOT ALL PASSED: ${list.find((run) => run.failure)!.failure}` : ''),
    );
  }
}

function spread(values: number[], digits: number): string {
  return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
