import { randomUUID } from 'node:crypto';
import { taskIdOf } from './service-identity';
import type { ServiceEventView } from './service-types';

/** The service scheduler's event messages, in ECS's words (DescribeServices shows them in English). */
export const serviceMessages = {
  startedTasks: (service: string, taskArns: string[]) =>
    `(service ${service}) has started ${taskArns.length} tasks: ${taskList(taskArns)}.`,
  stoppedTasks: (service: string, taskArns: string[]) =>
    `(service ${service}) has stopped ${taskArns.length} running tasks: ${taskList(taskArns)}.`,
  steadyState: (service: string) => `(service ${service}) has reached a steady state.`,
  failedToLaunch: (service: string, error: string) => `(service ${service}) failed to launch a task with (error ${error}).`,
  unableToPlace: (service: string, why: string) => `(service ${service}) was unable to place a task because ${why}`,
  unableToStartConsistently: (service: string) => `(service ${service}) is unable to consistently start tasks successfully.`,
};

/** The stop reason ECS gives a task the service scheduler stops (scale-in, deployment, deletion). */
export function scalingStopReason(deploymentId: string): string {
  return `Scaling activity initiated by (deployment ${deploymentId})`;
}

function taskList(taskArns: string[]): string {
  return taskArns.map((arn) => `(task ${taskIdOf(arn)})`).join(' ');
}

const KEPT_EVENTS = 100;
const REPEAT_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * A service's event list, newest first, the 100 most recent. Like ECS, a problem message that
 * repeats is shown once until the service reaches a steady state or six hours pass.
 */
export class ServiceEventLog {
  private readonly events: ServiceEventView[] = [];
  private readonly problemsShown = new Map<string, number>();

  add(message: string, now: Date): void {
    this.events.unshift({ id: randomUUID(), createdAt: now, message });
    this.events.length = Math.min(this.events.length, KEPT_EVENTS);
  }

  addProblem(message: string, now: Date): void {
    const shownAt = this.problemsShown.get(message);
    if (shownAt !== undefined && now.getTime() - shownAt < REPEAT_AFTER_MS) return;
    this.problemsShown.set(message, now.getTime());
    this.add(message, now);
  }

  /** The problems are resolved: the next occurrence is shown again. */
  resolved(): void {
    this.problemsShown.clear();
  }

  list(): ServiceEventView[] {
    return this.events.map((event) => ({ ...event }));
  }
}
