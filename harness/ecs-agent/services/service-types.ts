import type { CapacityProviderStrategyItem } from '@aws-sdk/client-ecs';

/**
 * What the service scheduler needs from the agent, and what it answers. The scheduler never runs a
 * task itself: it asks the launcher (the agent's RunTask path) and is told when tasks change state.
 */

export interface ServiceLaunchRequest {
  accountId: string;
  region: string;
  clusterArn: string;
  serviceName: string;
  taskDefinitionArn: string;
  networkConfiguration?: unknown;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** The deployment id, `ecs-svc/<digits>`, as ECS sets a service task's startedBy. */
  startedBy: string;
  /** `service:<serviceName>`. */
  group: string;
}

/**
 * A launch the agent refused (RunTask's validation). `placement` marks a refusal ECS would report
 * as a placement problem ("was unable to place a task because …") rather than a failed launch.
 */
export interface LaunchFailure {
  failure: string;
  placement?: boolean;
}

export interface ServiceTaskLauncher {
  /** Starts one task for the service as RunTask would; resolves with its ARN, or the reason it was refused. */
  launch(request: ServiceLaunchRequest): Promise<{ taskArn: string } | LaunchFailure>;
  /** Asks the task to stop with ECS's stop reason; the agent later reports STOPPED through taskStopped. */
  stop(taskArn: string, reason: string): void;
}

export interface TaskStopInfo {
  stoppedReason: string;
  stopCode?: string;
  exitCode?: number;
}

export interface RestartDelays {
  /** The first replacement's delay, and the base the throttle doubles. */
  firstMs: number;
  /** The longest the throttle waits between attempts (ECS waits up to 27 minutes; a kata cannot). */
  maxMs: number;
}

export interface ServiceSchedulerOptions {
  delays?: Partial<RestartDelays>;
  /**
   * A task that stops sooner than this after reaching RUNNING counts as a failed start for the
   * throttle. ECS throttles only tasks that never reach RUNNING, but there a task takes tens of
   * seconds to start; locally it takes about one, so a container that exits at once would be
   * restarted in a tight loop.
   */
  stableRunMs?: number;
}

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';
export type DeploymentStatus = 'PRIMARY' | 'ACTIVE';
/** No deployment circuit breaker: a rollout is in progress until it completes. */
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED';

export interface ServiceEventView {
  id: string;
  createdAt: Date;
  message: string;
}

export interface DeploymentView {
  id: string;
  status: DeploymentStatus;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  launchType?: string;
  networkConfiguration?: unknown;
  createdAt: Date;
  updatedAt: Date;
  rolloutState: RolloutState;
  rolloutStateReason: string;
}

/** The scheduler's part of a DescribeServices answer, to lay over what the backend stored. */
export interface ServiceView {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  status: ServiceStatus;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** Newest first, at most 100, as DescribeServices shows them. */
  events: ServiceEventView[];
  /** The PRIMARY deployment first. */
  deployments: DeploymentView[];
}

export type DeleteOutcome =
  | { ok: true }
  | { ok: false; status: 400; code: 'InvalidParameterException'; message: string };

/** What the backend answered for the service (CreateService's or UpdateService's `service`). */
export interface StoredService {
  serviceArn?: string;
  taskDefinition?: string;
  deployments?: { id?: string; status?: string }[];
}
