import {
  DeleteServiceCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { currentLocalCloud } from '../runner/cloud-env';
import { createClients, destroyClients, rootCredentials } from '../runner/clients';

const SETTLE_TIMEOUT_MS = 30_000;
const POLL_MS = 100;

/**
 * Leaves nothing of the account running: every service of every cluster scaled to 0 and deleted
 * (forced), every task still running stopped, then waits until each has STOPPED. For a kata
 * test's afterAll, whatever the solution did (a service under another name, tasks of its own),
 * so a failing solution does not leave the agent replacing tasks for the rest of the run.
 * Returns the ARNs of the tasks that were still running; best effort, it never throws.
 */
export async function stopEverythingRunning(accountId: string): Promise<string[]> {
  const cloud = currentLocalCloud();
  const clients = createClients({ endpoint: cloud.gatewayUrl, region: cloud.region, credentials: rootCredentials(accountId) });
  const { ecs } = clients;
  const stopped: string[] = [];
  try {
    const clusters = await accountClusters(ecs);
    for (const cluster of clusters) {
      const services = (await quietly(ecs.send(new ListServicesCommand({ cluster }))))?.serviceArns ?? [];
      for (const service of services) {
        await quietly(ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount: 0 })));
        await quietly(ecs.send(new DeleteServiceCommand({ cluster, service, force: true })));
      }
    }
    for (const cluster of clusters) {
      for (const taskArn of await listTasks(ecs, cluster, 'RUNNING')) {
        stopped.push(taskArn);
        await quietly(ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason: 'The kata test cleans up its account' })));
      }
    }
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (Date.now() < deadline && (await tasksNotStopped(ecs, clusters)).length > 0) await sleep(POLL_MS);
  } finally {
    destroyClients(clients);
  }
  return stopped;
}

/** The tasks in these clusters that have not reached STOPPED, also those being stopped (DescribeTasks). */
export async function tasksNotStopped(ecs: ECSClient, clusters: string[]): Promise<Task[]> {
  const found: Task[] = [];
  for (const cluster of clusters) {
    const arns = [...(await listTasks(ecs, cluster, 'RUNNING')), ...(await listTasks(ecs, cluster, 'STOPPED'))];
    for (let i = 0; i < arns.length; i += 100) {
      const answer = await quietly(ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) })));
      found.push(...(answer?.tasks ?? []).filter((task) => task.lastStatus !== 'STOPPED'));
    }
  }
  return found;
}

/** The account's clusters (ARNs). */
export async function accountClusters(ecs: ECSClient): Promise<string[]> {
  return (await quietly(ecs.send(new ListClustersCommand({}))))?.clusterArns ?? [];
}

async function listTasks(ecs: ECSClient, cluster: string, desiredStatus: 'RUNNING' | 'STOPPED'): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await quietly(ecs.send(new ListTasksCommand({ cluster, desiredStatus, nextToken })));
    arns.push(...(page?.taskArns ?? []));
    nextToken = page?.nextToken;
  } while (nextToken);
  return arns;
}

async function quietly<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
