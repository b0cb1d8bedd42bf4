/**
 * How long the local ECS agent takes to run the article's sample task: from RunTask to the first
 * line in CloudWatch Logs, and to STOPPED (logs delivered), median and spread of several runs, in
 * each runtime this machine can use (the Docker runtime only when Docker answers).
 *
 *   npm run bench:run-task           (KATA_BENCH_RUNS=… to change the number of runs, default 7)
 *
 * Times are taken by polling GetLogEvents and DescribeTasks every 25 ms, so each figure is late
 * by up to that much; the first run of each runtime is a warm-up and not counted.
 */
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { defaultDocker, whyDockerIsUnreachable } from '../harness/images/docker-daemon';
import { startLocalCloud } from '../harness/runner/local-cloud';
import { articleSetup, registerAndRun, type Exercise } from '../test/ecs-agent/article-exercise';

const RUNS = Number(process.env.KATA_BENCH_RUNS ?? 7);
const POLL_MS = 25;

interface Timing {
  firstLogMs: number;
  stoppedMs: number;
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const rows: string[] = [];
  for (const runtime of ['process', 'docker'] as const) {
    if (runtime === 'docker') {
      const why = await whyDockerIsUnreachable(defaultDocker(), { en: 'The Docker runtime needs it.', ja: 'Docker ランタイムに必要です。' });
      if (why) {
        rows.push(`${runtime.padEnd(9)} skipped: ${why.en}`);
        continue;
      }
    }
    process.env.KATA_RUNTIME = runtime;
    const cloud = await startLocalCloud((line) => process.stderr.write(`[bench] ${line}\n`));
    try {
      const exercise = await articleSetup(cloud.info.gatewayUrl);
      await runOnce(exercise); // warm-up: image build or cache, first connections
      const timings: Timing[] = [];
      for (let i = 0; i < RUNS; i += 1) timings.push(await runOnce(exercise));
      rows.push(row(runtime, timings));
    } finally {
      await cloud.stop();
    }
  }
  console.log(`RunTask of the sample task (execution role, awslogs, no task role), ${RUNS} runs per runtime after one warm-up, Node ${process.version}, polled every ${POLL_MS} ms`);
  console.log(['runtime'.padEnd(9), 'first log line: median  min  max'.padStart(36), '   STOPPED: median  min  max'].join(''));
  for (const line of rows) console.log(line);
}

async function runOnce(exercise: Exercise): Promise<Timing> {
  const started = performance.now();
  const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn });
  const taskArn = tasks![0].taskArn!;
  const taskId = taskArn.split('/').pop()!;
  let firstLogMs: number | undefined;
  for (;;) {
    if (firstLogMs === undefined) {
      const { events } = await exercise.root.logs
        .send(new GetLogEventsCommand({ logGroupName: '/ecs/my-task', logStreamName: `ecs/my-container/${taskId}`, startFromHead: true, limit: 1 }))
        .catch(() => ({ events: [] }));
      if (events && events.length > 0) firstLogMs = performance.now() - started;
    }
    const { tasks: described } = await exercise.root.ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: [taskArn] }));
    if (described?.[0]?.lastStatus === 'STOPPED') {
      const stoppedMs = performance.now() - started;
      return { firstLogMs: firstLogMs ?? stoppedMs, stoppedMs };
    }
    if (performance.now() - started > 120_000) throw new Error(`Task ${taskArn} did not stop within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function row(runtime: string, timings: Timing[]): string {
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [sorted[Math.floor(sorted.length / 2)], sorted[0], sorted[sorted.length - 1]].map((ms) => `${Math.round(ms)}`.padStart(5)).join('');
  };
  return [runtime.padEnd(9), `${stats(timings.map((t) => t.firstLogMs))} ms`.padStart(36), `${stats(timings.map((t) => t.stoppedMs))} ms`.padStart(28)].join('');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
