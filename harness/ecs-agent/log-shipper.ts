import { StringDecoder } from 'node:string_decoder';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { localize, type Bilingual } from '../i18n';

/**
 * The awslogs log driver as ECS runs it: a container's stdout and stderr, line by line, into the
 * log stream `<awslogs-stream-prefix>/<container-name>/<task-id>` of the task definition's group.
 */

/** A container definition's `logConfiguration`, as RegisterTaskDefinition stores it. */
export interface LogConfiguration {
  logDriver?: string;
  options?: Record<string, string | undefined>;
}

/** The awslogs options the shipper reads. */
export interface AwsLogsOptions {
  group: string;
  region: string;
  streamPrefix?: string;
  createGroup: boolean;
}

/** What is wrong with a logConfiguration, in ECS's words where ECS has words for it. */
export interface AwsLogsProblem extends Bilingual {
  /** The option at fault. */
  option: string;
  /** What ECS (or the Docker awslogs driver ECS runs) says, verbatim. */
  ecsMessage: string;
}

// CloudWatch Logs PutLogEvents quotas, and the per-event overhead the awslogs driver counts.
export const MAX_EVENTS_PER_PUT = 10_000;
export const MAX_BYTES_PER_PUT = 1_048_576;
export const PER_EVENT_OVERHEAD_BYTES = 26;
export const MAX_BYTES_PER_EVENT = 262_144 - PER_EVENT_OVERHEAD_BYTES;
export const DEFAULT_FLUSH_INTERVAL_MS = 200;

/** The log stream awslogs writes a task's container to: `prefix/container-name/task-id`. */
export function awslogsStreamName(streamPrefix: string, containerName: string, taskId: string): string {
  return `${streamPrefix}/${containerName}/${taskId}`;
}

/**
 * Checks a container's logConfiguration the way ECS does before a task can run. `launchType`
 * FARGATE also requires the stream prefix (RegisterTaskDefinition / RunTask reject it without).
 * An empty list means the configuration is usable.
 */
export function validateAwsLogsConfiguration(
  logConfiguration: LogConfiguration | undefined,
  { launchType = 'FARGATE', containerName }: { launchType?: 'FARGATE' | 'EC2'; containerName?: string } = {},
): AwsLogsProblem[] {
  if (!logConfiguration || logConfiguration.logDriver !== 'awslogs') return [];
  const options = logConfiguration.options ?? {};
  const where = containerName ? ` (container "${containerName}")` : '';
  const whereJa = containerName ? `(コンテナ "${containerName}")` : '';
  const problems: AwsLogsProblem[] = [];
  const problem = (option: string, ecsMessage: string, en: string, ja: string) =>
    problems.push({ option, ecsMessage, en: `${ecsMessage}\n${en}`, ja: `${ecsMessage}\n${ja}` });

  if (!nonEmpty(options['awslogs-group'])) {
    problem(
      'awslogs-group',
      "must specify a value for log opt 'awslogs-group'",
      `The awslogs log driver${where} has no awslogs-group. Add "awslogs-group": "<log group name>" (for example "/ecs/my-app") to logConfiguration.options.`,
      `awslogs ログドライバー${whereJa}に awslogs-group がありません。logConfiguration.options に "awslogs-group": "<ロググループ名>"(例: "/ecs/my-app")を追加してください。`,
    );
  }
  if (!nonEmpty(options['awslogs-region'])) {
    problem(
      'awslogs-region',
      'ResourceInitializationError: failed to validate logger args: unable to get awslogs driver arguments: awslogs-region is required',
      `The awslogs log driver${where} has no awslogs-region. Add "awslogs-region": "<region>" (the region of the log group, e.g. "ap-northeast-1") to logConfiguration.options.`,
      `awslogs ログドライバー${whereJa}に awslogs-region がありません。logConfiguration.options に "awslogs-region": "<リージョン>"(ロググループのリージョン。例: "ap-northeast-1")を追加してください。`,
    );
  }
  if (launchType === 'FARGATE' && !nonEmpty(options['awslogs-stream-prefix'])) {
    problem(
      'awslogs-stream-prefix',
      'Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs.',
      `On Fargate the awslogs log driver${where} needs awslogs-stream-prefix: each task's log stream is named <prefix>/<container-name>/<task-id>. Add "awslogs-stream-prefix": "ecs" (or another prefix) to logConfiguration.options.`,
      `Fargate では awslogs ログドライバー${whereJa}に awslogs-stream-prefix が必須です。各タスクのログストリーム名は <プレフィックス>/<コンテナ名>/<タスク ID> になります。logConfiguration.options に "awslogs-stream-prefix": "ecs"(または任意のプレフィックス)を追加してください。`,
    );
  }
  return problems;
}

/** The awslogs options of a valid configuration; throws with the problems otherwise. */
export function awsLogsOptions(logConfiguration: LogConfiguration, launchType: 'FARGATE' | 'EC2' = 'FARGATE'): AwsLogsOptions {
  if (logConfiguration.logDriver !== 'awslogs') {
    throw new Error(`The log shipper handles logDriver "awslogs" only, not "${logConfiguration.logDriver ?? '(none)'}".`);
  }
  const problems = validateAwsLogsConfiguration(logConfiguration, { launchType });
  if (problems.length > 0) throw new Error(problems.map((p) => localize(p)).join('\n'));
  const options = logConfiguration.options ?? {};
  return {
    group: options['awslogs-group']!,
    region: options['awslogs-region']!,
    streamPrefix: nonEmpty(options['awslogs-stream-prefix']) ? options['awslogs-stream-prefix'] : undefined,
    createGroup: options['awslogs-create-group'] === 'true',
  };
}

export type LogShipperPhase = 'create-group' | 'create-stream' | 'put-events';

/** A failure the shipper reports through onError; it never throws from write(). */
export class LogShipperError extends Error {
  constructor(
    /** What ECS would record as the task's stopped reason (or, for put-events, what the driver logs). */
    readonly reason: string,
    readonly explanation: Bilingual,
    readonly phase: LogShipperPhase,
    readonly logGroupName: string,
    readonly logStreamName: string,
    readonly cause?: unknown,
  ) {
    super(`${reason}\n${localize(explanation)}`);
    this.name = 'LogShipperError';
  }
}

export interface LogShipperOptions {
  logConfiguration: LogConfiguration;
  containerName: string;
  taskId: string;
  /** Signed by the task's execution role session, for the awslogs-region, pointed at the gateway. */
  client: CloudWatchLogsClient;
  onError?: (error: LogShipperError) => void;
  /** 'FARGATE' (default) requires awslogs-stream-prefix, as ECS does. */
  launchType?: 'FARGATE' | 'EC2';
  /** Longest a complete line waits before it is sent (default 200 ms). */
  flushIntervalMs?: number;
  /** Clock for event timestamps (ms since epoch). */
  now?: () => number;
}

export interface LogShipper {
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Resolves when the log stream exists (true) or could not be created (false, reported through onError). */
  readonly ready: Promise<boolean>;
  write(stream: 'stdout' | 'stderr', chunk: Buffer | string): void;
  /** Sends every pending line, including a last line without a newline; never rejects. */
  close(): Promise<void>;
}

/**
 * Starts shipping one container's output: creates the log group (only with awslogs-create-group
 * "true") and the log stream, then sends complete lines in order, batched within PutLogEvents'
 * limits. The configuration must be valid (see validateAwsLogsConfiguration); an invalid one throws
 * here, synchronously, because a task with it never starts.
 */
export function createLogShipper(options: LogShipperOptions): LogShipper {
  const { containerName, taskId, client } = options;
  const awslogs = awsLogsOptions(options.logConfiguration, options.launchType ?? 'FARGATE');
  const logGroupName = awslogs.group;
  // Without a prefix (EC2 only) the Docker driver names the stream after the container id; the task id stands in.
  const logStreamName = awslogs.streamPrefix ? awslogsStreamName(awslogs.streamPrefix, containerName, taskId) : taskId;
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const report = (error: LogShipperError) => {
    try {
      options.onError?.(error);
    } catch {
      // A failing callback must not break the container's output.
    }
  };

  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const partial = { stdout: '', stderr: '' };
  const pending: { event: InputLogEvent; bytes: number }[] = [];
  let pendingBytes = 0;
  let lastTimestamp = 0;
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();
  let closed = false;
  let failed = false;

  const ready = initialize();

  async function initialize(): Promise<boolean> {
    if (awslogs.createGroup) {
      try {
        await client.send(new CreateLogGroupCommand({ logGroupName }));
      } catch (error) {
        if (errorName(error) !== 'ResourceAlreadyExistsException') {
          failed = true;
          report(initializationError('create-group', error));
          return false;
        }
      }
    }
    try {
      await client.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
    } catch (error) {
      if (errorName(error) !== 'ResourceAlreadyExistsException') {
        failed = true;
        report(initializationError('create-stream', error));
        return false;
      }
    }
    return true;
  }

  function initializationError(phase: 'create-group' | 'create-stream', error: unknown): LogShipperError {
    const what = phase === 'create-group' ? 'log group' : 'log stream';
    const reason = `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch ${what}: ${errorName(error)}: ${errorMessage(error)} : exit status 1`;
    let explanation: Bilingual;
    if (errorName(error) === 'ResourceNotFoundException' && phase === 'create-stream') {
      explanation = {
        en: `The log group "${logGroupName}" (awslogs-group) does not exist in ${awslogs.region}, so the log stream "${logStreamName}" could not be created and the task cannot start. Create the log group first (CreateLogGroup), or set "awslogs-create-group": "true" in logConfiguration.options and allow logs:CreateLogGroup to the task execution role.`,
        ja: `ロググループ "${logGroupName}"(awslogs-group)が ${awslogs.region} に存在しないため、ログストリーム "${logStreamName}" を作成できず、タスクは起動できません。先にロググループを作成する(CreateLogGroup)か、logConfiguration.options に "awslogs-create-group": "true" を設定してタスク実行ロールに logs:CreateLogGroup を許可してください。`,
      };
    } else if (errorName(error) === 'AccessDeniedException') {
      const action = phase === 'create-group' ? 'logs:CreateLogGroup' : 'logs:CreateLogStream';
      explanation = {
        en: `The task execution role may not perform ${action} for log group "${logGroupName}" (stream "${logStreamName}"), so the task cannot start. Allow ${action} and logs:PutLogEvents on arn:aws:logs:${awslogs.region}:<account>:log-group:${logGroupName}:* to the execution role.`,
        ja: `タスク実行ロールにロググループ "${logGroupName}"(ストリーム "${logStreamName}")への ${action} が許可されていないため、タスクは起動できません。実行ロールに arn:aws:logs:${awslogs.region}:<アカウント>:log-group:${logGroupName}:* に対する ${action} と logs:PutLogEvents を許可してください。`,
      };
    } else {
      explanation = {
        en: `Creating the ${what} for log group "${logGroupName}", stream "${logStreamName}" failed (${errorName(error)}: ${errorMessage(error)}), so the task cannot start.`,
        ja: `ロググループ "${logGroupName}"、ストリーム "${logStreamName}" の${phase === 'create-group' ? 'ロググループ' : 'ログストリーム'}作成に失敗したため(${errorName(error)}: ${errorMessage(error)})、タスクは起動できません。`,
      };
    }
    return new LogShipperError(reason, explanation, phase, logGroupName, logStreamName, error);
  }

  function enqueueLine(line: string): void {
    if (line.length === 0) return; // PutLogEvents rejects empty messages; the driver skips them.
    const timestamp = Math.max(now(), lastTimestamp); // events in a batch must be in chronological order
    lastTimestamp = timestamp;
    for (const message of splitByBytes(line, MAX_BYTES_PER_EVENT)) {
      const bytes = Buffer.byteLength(message, 'utf8') + PER_EVENT_OVERHEAD_BYTES;
      pending.push({ event: { timestamp, message }, bytes });
      pendingBytes += bytes;
    }
    if (pending.length >= MAX_EVENTS_PER_PUT || pendingBytes >= MAX_BYTES_PER_PUT) flushSoon(0);
    else if (!timer) flushSoon(flushIntervalMs);
  }

  function flushSoon(delayMs: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delayMs);
  }

  /** Sends everything pending, one PutLogEvents at a time, in order. */
  function flush(): Promise<void> {
    sending = sending.then(async () => {
      if (!(await ready)) {
        pending.length = 0;
        pendingBytes = 0;
        return;
      }
      while (pending.length > 0) {
        const batch = takeBatch();
        try {
          const response = await client.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents: batch }));
          const rejected = response.rejectedLogEventsInfo;
          if (rejected && Object.values(rejected).some((value) => value !== undefined)) {
            report(
              new LogShipperError(
                `Log events rejected by CloudWatch Logs: ${JSON.stringify(rejected)}`,
                {
                  en: `CloudWatch Logs rejected some of ${batch.length} log events for "${logGroupName}" / "${logStreamName}" (too old, too new or expired: ${JSON.stringify(rejected)}).`,
                  ja: `CloudWatch Logs が "${logGroupName}" / "${logStreamName}" への ${batch.length} 件のうち一部のログイベントを拒否しました(古すぎる・新しすぎる・期限切れ: ${JSON.stringify(rejected)})。`,
                },
                'put-events',
                logGroupName,
                logStreamName,
              ),
            );
          }
        } catch (error) {
          // The awslogs driver logs a failed put and goes on with the next batch; so does this.
          report(
            new LogShipperError(
              `failed to put log events: ${errorName(error)}: ${errorMessage(error)}`,
              {
                en: `Sending ${batch.length} log lines to log group "${logGroupName}", stream "${logStreamName}" failed (${errorName(error)}: ${errorMessage(error)}); those lines are lost. The task execution role needs logs:PutLogEvents on arn:aws:logs:${awslogs.region}:<account>:log-group:${logGroupName}:log-stream:${logStreamName}.`,
                ja: `ロググループ "${logGroupName}"、ストリーム "${logStreamName}" への ${batch.length} 行の送信に失敗しました(${errorName(error)}: ${errorMessage(error)})。これらの行は失われます。タスク実行ロールには arn:aws:logs:${awslogs.region}:<アカウント>:log-group:${logGroupName}:log-stream:${logStreamName} に対する logs:PutLogEvents が必要です。`,
              },
              'put-events',
              logGroupName,
              logStreamName,
              error,
            ),
          );
        }
      }
    });
    return sending;
  }

  function takeBatch(): InputLogEvent[] {
    const batch: InputLogEvent[] = [];
    let bytes = 0;
    while (pending.length > 0 && batch.length < MAX_EVENTS_PER_PUT && bytes + pending[0].bytes <= MAX_BYTES_PER_PUT) {
      const next = pending.shift()!;
      bytes += next.bytes;
      pendingBytes -= next.bytes;
      batch.push(next.event);
    }
    return batch;
  }

  return {
    logGroupName,
    logStreamName,
    ready,
    write(stream, chunk) {
      if (closed) return;
      const text = typeof chunk === 'string' ? chunk : decoders[stream].write(chunk);
      if (text.length === 0) return;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop()!;
      if (failed) return; // nothing can be delivered; keep memory flat
      for (const line of lines) enqueueLine(line);
    },
    async close() {
      if (closed) return sending;
      closed = true;
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = partial[stream] + decoders[stream].end();
        partial[stream] = '';
        if (!failed) enqueueLine(rest);
      }
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

/** Pieces of at most maxBytes UTF-8 bytes each, never splitting a character. */
function splitByBytes(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return [text];
  const pieces: string[] = [];
  let piece = '';
  let pieceBytes = 0;
  for (const character of text) {
    const bytes = Buffer.byteLength(character, 'utf8');
    if (pieceBytes + bytes > maxBytes) {
      pieces.push(piece);
      piece = '';
      pieceBytes = 0;
    }
    piece += character;
    pieceBytes += bytes;
  }
  if (piece.length > 0) pieces.push(piece);
  return pieces;
}

function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? 'Error';
}

function errorMessage(error: unknown): string {
  return (error as { message?: string })?.message ?? String(error);
}
