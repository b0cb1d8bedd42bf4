import type { RunningContainer } from './container-runtime';
import type { TaskNetworkPlan } from './launch/task-network';
import type { StopCode, TaskRecord } from './task-record';

/** A task the agent launched: its record (what DescribeTasks shows) and what runs for it. */
export interface RunningTask {
  record: TaskRecord;
  containers: RunningContainer[];
  /** Set once the task is asked to stop (StopTask, a service, shutdown) before or while it runs. */
  stopRequest?: { reason: string; code: StopCode };
  /** What the task's VPC lets it reach, once the launch has read it. */
  network?: TaskNetworkPlan;
  /** Resolves when the task is STOPPED and everything it held is released; never rejects. */
  finished: Promise<void>;
}

export function markStopped(record: TaskRecord, reason: string, code: StopCode): void {
  const now = Date.now();
  record.lastStatus = 'STOPPED';
  record.desiredStatus = 'STOPPED';
  record.stoppingAt ??= now;
  record.stoppedAt = now;
  record.stoppedReason = reason;
  record.stopCode = code;
  for (const container of record.containers) container.lastStatus = 'STOPPED';
}
