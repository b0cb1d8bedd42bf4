import type { AwsVpcConfiguration } from '@aws-sdk/client-ecs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Bilingual } from '../../i18n';
import { awsServiceDestination, endpointHost, endpointUrlVariable, TASK_CALLABLE_SERVICES } from '../../network/aws-endpoints';
import type { InternetFixture } from '../../network/internet-fixture';
import { INTERNET_HOSTS } from '../../network/internet-hosts';
import { explainVerdict } from '../../network/explain-verdict';
import { analyzeReachability } from '../../network/reachability';
import { snapshotForTask } from '../../network/read-vpc-snapshot';
import { taskNetworkEnvironment, type TaskConnection, type TaskNetwork } from '../../network/task-network-spec';
import type { Destination, TaskEni, Verdict } from '../../network/vpc-model';
import { TaskStopped } from '../task-stopped';

/** One destination the task may try, with what its VPC says about it. */
export interface NetworkVerdict {
  /** A host name (jsonplaceholder.typicode.com) or an AWS endpoint (api.ecr.<region>.amazonaws.com). */
  name: string;
  destination: Destination;
  verdict: Verdict;
  explanation: Bilingual;
}

/** What the task's network lets it reach, decided once at launch from the VPC's state. */
export interface TaskNetworkPlan {
  eni: TaskEni;
  dns: boolean;
  internet: (NetworkVerdict & { host: (typeof INTERNET_HOSTS)[number] })[];
  /** By SigV4 signing name (ecr, logs, sts…). */
  services: Map<string, NetworkVerdict>;
}

export async function planTaskNetwork(ec2: EC2Client, region: string, awsvpc: AwsVpcConfiguration): Promise<TaskNetworkPlan> {
  const { snapshot, eni } = await snapshotForTask(ec2, region, awsvpc);
  const judge = (name: string, destination: Destination): NetworkVerdict => {
    const verdict = analyzeReachability(snapshot, eni, destination);
    return { name, destination, verdict, explanation: explainVerdict(verdict, eni, destination) };
  };
  const services = new Map<string, NetworkVerdict>();
  for (const signingName of [...TASK_CALLABLE_SERVICES, 'ecr-dkr']) {
    const destination = awsServiceDestination(signingName);
    services.set(signingName, judge(endpointHost(destination.service, region), destination));
  }
  return {
    eni,
    dns: snapshot.enableDnsSupport,
    internet: INTERNET_HOSTS.map((host) => ({ host, ...judge(host.name, { kind: 'internet', host: host.name, address: host.address, port: host.port }) })),
    services,
  };
}

/**
 * ECS itself needs a path from the task's ENI before the container runs: to ECR (api, dkr, and S3
 * for the layers) to pull, to CloudWatch Logs for awslogs. Without one the task stops as ECS
 * stops it, with the network model's explanation after ECS's words.
 */
export function requirePathFor(purpose: 'pull' | 'logs', plan: TaskNetworkPlan, region: string): void {
  const needed = purpose === 'pull' ? ['ecr', 'ecr-dkr', 's3'] : ['logs'];
  for (const signingName of needed) {
    const found = plan.services.get(signingName)!;
    if (found.verdict.reachable) continue;
    const dial = `dial tcp ${found.destination.address}:443: i/o timeout`;
    const reason = purpose === 'pull'
      ? 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: ' +
        `service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://${found.name}/": ${dial}. Please check your task network configuration.`
      : 'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ' +
        `RequestError: send request failed caused by: Post "https://${found.name}/": ${dial} : exit status 1`;
    throw new TaskStopped(`${reason} (${found.explanation.en})`, 'TaskFailedToStart');
  }
}

/** The signing names the task's gateway port answers: the services whose endpoint its VPC reaches. */
export function reachableServices(plan: TaskNetworkPlan): Set<string> {
  return new Set([...plan.services].filter(([, found]) => found.verdict.reachable).map(([signingName]) => signingName));
}

/**
 * What a container gets for its network: the preload's description (fixtures for reachable
 * internet hosts, timeouts for the rest, DNS as the VPC has it) and, per AWS service, an endpoint
 * URL: the task's gateway port where the VPC reaches the service, the real regional name (which
 * the preload times out) where it does not.
 */
export function containerNetworkEnvironment(input: {
  plan: TaskNetworkPlan;
  gatewayPortUrl: string;
  /** The task's own endpoints' URLs (credentials, metadata), reachable whatever the VPC says. */
  ownUrls: string[];
  /** The task's internet fixture and its TLS, present when the VPC lets the task reach an internet host. */
  fixture?: { listener: { host: string; port: number }; tls: { ca: string; cert: string; key: string } };
}): Record<string, string> {
  const { plan, fixture } = input;
  const connections: TaskConnection[] = plan.internet.map(({ host, verdict, explanation }) =>
    verdict.reachable && fixture
      ? { host: host.name, port: host.port, address: host.address, action: 'fixture', to: fixture.listener }
      : { host: host.name, port: host.port, address: host.address, action: 'timeout', reason: explanation.en });
  const endpoints: Record<string, string> = {};
  for (const [signingName, found] of plan.services) {
    const variable = endpointUrlVariable(signingName);
    if (!variable) continue;
    if (found.verdict.reachable) {
      endpoints[variable] = input.gatewayPortUrl;
    } else {
      endpoints[variable] = `https://${found.name}`;
      connections.push({ host: found.name, port: 443, address: found.destination.address, action: 'timeout', reason: found.explanation.en });
    }
  }
  const network: TaskNetwork = {
    dns: plan.dns,
    connections,
    defaultAction: 'timeout',
    own: [input.gatewayPortUrl, ...input.ownUrls].map((url) => new URL(url).host),
    ...(fixture && { tls: fixture.tls }),
  };
  return { ...endpoints, ...taskNetworkEnvironment(network) };
}

/** The plan as the harness's control API reports it (for kata tests, in their own processes). */
export interface TaskNetworkReport {
  subnetId: string;
  securityGroupIds: string[];
  publicIp: boolean;
  dns: boolean;
  destinations: { name: string; kind: Destination['kind']; reachable: boolean; code?: string; component?: string; explanation: Bilingual }[];
}

export function networkReport(plan: TaskNetworkPlan): TaskNetworkReport {
  const entries = [...plan.internet, ...plan.services.values()];
  return {
    ...plan.eni,
    dns: plan.dns,
    destinations: entries.map(({ name, destination, verdict, explanation }) => ({
      name,
      kind: destination.kind,
      reachable: verdict.reachable,
      ...(!verdict.reachable && { code: verdict.reason.code, component: verdict.reason.component }),
      explanation,
    })),
  };
}
