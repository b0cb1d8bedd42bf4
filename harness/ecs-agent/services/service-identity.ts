import { randomInt } from 'node:crypto';

/** ECS names: a cluster or service given by name or ARN, deployment ids, task ids in event messages. */

export function clusterArnOf(accountId: string, region: string, cluster: string | undefined): string {
  const name = !cluster ? 'default' : cluster.startsWith('arn:') ? cluster.split('/').pop()! : cluster;
  return `arn:aws:ecs:${region}:${accountId}:cluster/${name}`;
}

/** `my-svc`, `arn:…:service/my-svc` and `arn:…:service/my-cluster/my-svc` all name `my-svc`. */
export function serviceNameOf(service: string): string {
  return service.startsWith('arn:') ? service.split('/').pop()! : service;
}

export function serviceArnOf(clusterArn: string, serviceName: string): string {
  const [prefix, clusterName] = clusterArn.split(':cluster/');
  return `${prefix}:service/${clusterName}/${serviceName}`;
}

export function serviceKey(accountId: string, region: string, clusterArn: string, serviceName: string): string {
  return [accountId, region, clusterArn, serviceName].join('|');
}

/** `ecs-svc/` and 19 digits, as ECS names a deployment (and sets its tasks' startedBy). */
export function newDeploymentId(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 19) digits += String(randomInt(0, 10));
  return `ecs-svc/${digits}`;
}

export function taskIdOf(taskArn: string): string {
  return taskArn.split('/').pop()!;
}
