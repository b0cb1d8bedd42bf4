import type { ContainerExit } from './container-runtime';
import type { StopCode } from './task-record';

/** A task's launch ended before or instead of running: the reason and code ECS would record. */
export class TaskStopped extends Error {
  constructor(readonly reason: string, readonly code: StopCode) {
    super(reason);
  }
}

export const ESSENTIAL_EXITED = 'Essential container in task exited';

/** ECS's exit code for a container: its own, or 128 + the signal that ended it. */
export function exitCodeOf(exit: ContainerExit): number {
  if (exit.exitCode !== null) return exit.exitCode;
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return exit.signal ? 128 + (numbers[exit.signal] ?? 0) : 1;
}
