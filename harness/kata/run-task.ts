import { GetLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTasksCommand, RunTaskCommand, type Task } from '@aws-sdk/client-ecs';
import type { TaskNetworkReport } from '../ecs-agent/launch/task-network';
import type { KataClients } from '../runner/clients';
import { taskNetworkReport } from './task-network-report';

export type { TaskNetworkReport };

/** A Fargate task to run in one subnet, and where its container's awslogs go. */
export interface TaskToRun {
  cluster: string;
  taskDefinition: string;
  subnetId: string;
  securityGroupIds: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
  /** The awslogs settings of the task definition's container, to read its output back. */
  logs: { group: string; streamPrefix: string; container: string };
  /** How long to wait for STOPPED (default 60 s). */
  timeoutMs?: number;
}

/** What happened to a task a kata test ran. */
export type TaskRun =
  | { started: false; error: string }
  | {
      started: true;
      taskArn: string;
      /** DescribeTasks once the task was STOPPED: stopCode, stoppedReason, containers' exit codes. */
      task: Task;
      /** The container's log lines, oldest first (empty when the task stopped before its logs started). */
      lines: string[];
      /** What the task's VPC let it reach, as the harness decided at launch; undefined if it never got that far. */
      network?: TaskNetworkReport;
    };

/**
 * Runs a task as a learner would (RunTask with the account's root clients), waits until it is
 * STOPPED, and reads its log stream and the network the harness gave it. A RunTask that ECS
 * refuses (an error or a `failures` entry) is `started: false` with ECS's words.
 */
export async function runTaskToStop(clients: KataClients, accountId: string, run: TaskToRun): Promise<TaskRun> {
  let taskArn: string | undefined;
  try {
    const answer = await clients.ecs.send(
      new RunTaskCommand({
        cluster: run.cluster,
        taskDefinition: run.taskDefinition,
        launchType: 'FARGATE',
        count: 1,
        networkConfiguration: { awsvpcConfiguration: { subnets: [run.subnetId], securityGroups: run.securityGroupIds, assignPublicIp: run.assignPublicIp } },
      }),
    );
    taskArn = answer.tasks?.[0]?.taskArn;
    if (!taskArn) {
      const failures = (answer.failures ?? []).map((f) => `${f.arn ?? ''} ${f.reason ?? ''} ${f.detail ?? ''}`.trim()).join('; ');
      return { started: false, error: `RunTask started no task${failures ? `: ${failures}` : ''}` };
    }
  } catch (error) {
    return { started: false, error: `${(error as Error).name}: ${(error as Error).message}` };
  }

  return awaitTaskStop(clients, accountId, { cluster: run.cluster, taskArn, logs: run.logs, ...(run.timeoutMs !== undefined && { timeoutMs: run.timeoutMs }) });
}

/** A task someone already started, to wait for: where it runs, where its container's awslogs go. */
export interface TaskToAwait {
  cluster: string;
  taskArn: string;
  logs: TaskToRun['logs'];
  /** How long to wait for STOPPED (default 60 s). */
  timeoutMs?: number;
}

/** Waits until the task is STOPPED, then reads its log stream and the network the harness gave it. */
export async function awaitTaskStop(clients: KataClients, accountId: string, run: TaskToAwait): Promise<TaskRun & { started: true }> {
  const { taskArn } = run;
  const deadline = Date.now() + (run.timeoutMs ?? 60_000);
  let task: Task | undefined;
  for (;;) {
    const { tasks } = await clients.ecs.send(new DescribeTasksCommand({ cluster: run.cluster, tasks: [taskArn] }));
    task = tasks?.[0];
    if (task?.lastStatus === 'STOPPED') break;
    if (Date.now() > deadline) throw new Error(`Task ${taskArn} is still ${task?.lastStatus ?? 'unknown'} after ${(run.timeoutMs ?? 60_000) / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const taskId = taskArn.split('/').pop()!;
  let lines: string[] = [];
  try {
    const { events } = await clients.logs.send(
      new GetLogEventsCommand({ logGroupName: run.logs.group, logStreamName: `${run.logs.streamPrefix}/${run.logs.container}/${taskId}`, startFromHead: true }),
    );
    lines = (events ?? []).map((event) => event.message ?? '');
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const network = await taskNetworkReport(accountId, taskArn);
  return { started: true, taskArn, task, lines, network };
}
