import type { CapacityProviderStrategyItem } from '@aws-sdk/client-ecs';
import type { RestartThrottle } from './restart-throttle';
import type { ServiceEventLog } from './service-events';
import type { DeploymentStatus, DeploymentView, RolloutState, ServiceStatus, ServiceView } from './service-types';

/** The scheduler's state for one service, and how DescribeServices shows it. */

export interface Deployment {
  id: string;
  status: DeploymentStatus;
  taskDefinition: string;
  desiredCount: number;
  launchType?: string;
  /** CreateService's capacityProviderStrategy, when it named capacity providers instead of a launch type. */
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  networkConfiguration?: unknown;
  createdAt: Date;
  updatedAt: Date;
  failedTasks: number;
  rolloutState: RolloutState;
  /** Launches asked of the launcher that have not answered yet. */
  launching: number;
}

export interface ServiceTask {
  taskArn: string;
  deployment: Deployment;
  /** When the agent reported it RUNNING; undefined while it is provisioning or pending. */
  runningSince?: number;
  /** The scheduler asked the launcher to stop it; it counts until the agent reports it STOPPED. */
  stopRequested: boolean;
}

export interface ServiceRecord {
  accountId: string;
  region: string;
  clusterArn: string;
  serviceName: string;
  serviceArn: string;
  status: ServiceStatus;
  desiredCount: number;
  /** The PRIMARY deployment first; older ones stay until their tasks have stopped. */
  deployments: Deployment[];
  tasks: Map<string, ServiceTask>;
  /** Tasks of the service that stopped, newest last, for ListTasks with desiredStatus STOPPED. */
  stoppedTaskArns: string[];
  events: ServiceEventLog;
  throttle: RestartThrottle;
  /** The steady state was reported and nothing has changed since. */
  steady: boolean;
  /** The pending reconcile after the throttle's wait. */
  timer?: NodeJS.Timeout;
}

export function primaryOf(record: ServiceRecord): Deployment {
  return record.deployments[0]!;
}

export function tasksOf(record: ServiceRecord, deployment?: Deployment): ServiceTask[] {
  return [...record.tasks.values()].filter((task) => !deployment || task.deployment === deployment);
}

/** ECS counts a task as running until it has stopped, also while it is being stopped. */
export function countsOf(tasks: ServiceTask[]): { runningCount: number; pendingCount: number } {
  const runningCount = tasks.filter((task) => task.runningSince !== undefined).length;
  return { runningCount, pendingCount: tasks.length - runningCount };
}

export function deploymentView(record: ServiceRecord, deployment: Deployment): DeploymentView {
  const state = deployment.rolloutState === 'COMPLETED' ? 'completed' : 'in progress';
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinition,
    desiredCount: deployment.desiredCount,
    ...countsOf(tasksOf(record, deployment)),
    failedTasks: deployment.failedTasks,
    ...(deployment.launchType !== undefined && { launchType: deployment.launchType }),
    ...(deployment.networkConfiguration !== undefined && { networkConfiguration: deployment.networkConfiguration }),
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: `ECS deployment ${deployment.id} ${state}.`,
  };
}

export function serviceView(record: ServiceRecord): ServiceView {
  return {
    serviceArn: record.serviceArn,
    serviceName: record.serviceName,
    clusterArn: record.clusterArn,
    status: record.status,
    taskDefinition: primaryOf(record).taskDefinition,
    desiredCount: record.desiredCount,
    ...countsOf(tasksOf(record)),
    events: record.events.list(),
    deployments: record.deployments.map((deployment) => deploymentView(record, deployment)),
  };
}
