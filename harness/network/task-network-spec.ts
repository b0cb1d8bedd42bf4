import * as path from 'node:path';

/**
 * The environment variable that hands a task's network to the preload (harness/ecs-agent/
 * task-network.js): JSON of TaskNetwork. The preload reads it and deletes it before the app runs.
 */
export const TASK_NETWORK_ENV = 'DOJO_TASK_NETWORK';

/** The preload file: `node --require` it into each Node container of a task, with TASK_NETWORK_ENV set. */
export const TASK_NETWORK_PRELOAD = path.join(__dirname, '..', 'ecs-agent', 'task-network.js');

interface ConnectionTarget {
  /** As the task names it: a host name (jsonplaceholder.typicode.com) or an address. */
  host: string;
  port: number;
  /**
   * The address the harness gives `host` when it is a name: a task that resolves the name first
   * (dns.lookup) gets it, and a connection to it meets the same verdict.
   */
  address?: string;
}

/** The harness serves this destination: the connection goes to the task's fixture listener instead. */
export interface FixtureConnection extends ConnectionTarget {
  action: 'fixture';
  /** The task's fixture listener (InternetFixture.openForTask), where the container reaches it. */
  to: { host: string; port: number };
}

/** The VPC has no path to this destination: connecting times out. */
export interface TimeoutConnection extends ConnectionTarget {
  action: 'timeout';
  /** Why, for the harness's own records; the task sees only the timeout, as in a VPC. */
  reason: string;
}

export type TaskConnection = FixtureConnection | TimeoutConnection;

export interface TaskNetwork {
  /** The VPC resolves names (enableDnsSupport); false: every lookup of a name fails with EAI_AGAIN. */
  dns: boolean;
  connections: TaskConnection[];
  /** What every destination not in `connections` (nor `own`) gets. */
  defaultAction: 'timeout';
  /**
   * The task's own endpoints, `host:port` (`[::1]:80` for IPv6), exactly as the container's
   * environment names them: its gateway port, the credentials and metadata endpoints. Always
   * reachable, untouched.
   */
  own: string[];
  /** PEM: the harness CA (trusted in addition to the container's own), the task's client certificate and key. Required with a fixture connection. */
  tls?: { ca: string; cert: string; key: string };
}

/** The environment entry that gives a container its network. */
export function taskNetworkEnvironment(network: TaskNetwork): Record<string, string> {
  return { [TASK_NETWORK_ENV]: JSON.stringify(network) };
}
