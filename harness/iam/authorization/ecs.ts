/**
 * Amazon ECS (awsJson). Resource types per the Service Authorization Reference ("Actions,
 * resources, and condition keys for Amazon Elastic Container Service"):
 *   cluster             arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}
 *   service             arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}
 *   task                arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}
 *   task-definition     arn:${Partition}:ecs:${Region}:${Account}:task-definition/${Family}:${Revision}
 *   container-instance  arn:${Partition}:ecs:${Region}:${Account}:container-instance/${ClusterName}/${Id}
 * Parameters accept a name or a full ARN; an ARN is used as given. The cluster defaults to "default".
 *
 * Where the reference and real denials differ, the dojo follows the denials:
 * - RegisterTaskDefinition authorizes against "*" (the new revision does not exist yet):
 *   "… ecs:RegisterTaskDefinition on resource: * because no identity-based policy allows the
 *   ecs:RegisterTaskDefinition action" (MWAA task log quoted in a public repository, 2022).
 * - RunTask with a family and no revision authorizes against the family without a revision:
 *   "… ecs:RunTask on resource: arn:aws:ecs:eu-west-2:704533066374:task-definition/airflow-hybrid-ecs-task
 *   because …" (same log); with a revision: "… task-definition/pmf-engine:42".
 * - ListTasks authorizes against the container-instance resource type of the cluster:
 *   "not authorized to perform: ecs:ListTasks on resource: arn:aws:ecs:…:container-instance/<cluster>/*".
 * - Services: "… ecs:CreateService on resource: arn:aws:ecs:ap-southeast-2:351405419700:service/cloudops-prod/cloudops-backend-service".
 * Tag-on-create (CreateCluster, CreateService, RegisterTaskDefinition, RunTask, StartTask with tags)
 * also needs ecs:TagResource, with ecs:CreateAction naming the creating action ("Grant permission
 * to tag resources on creation", Amazon ECS Developer Guide). A resource whose id AWS has not
 * assigned yet gets a "*" in place of the id.
 */
import { jsonString, jsonStrings, jsonTags, requestTagContext, type JsonObject } from './request-params';
import { allow, missingParameter, type AuthorizedRequest, type ConditionContext, type OperationHandler, type RequiredPermission, type ServiceAnswer } from './types';

const DEFAULT_CLUSTER = 'default';

const isArn = (value: string): boolean => value.startsWith('arn:');
const base = (request: AuthorizedRequest): string => `arn:aws:ecs:${request.region}:${request.accountId}`;

function clusterName(reference: string): string {
  if (!isArn(reference)) return reference;
  const index = reference.indexOf(':cluster/');
  return index === -1 ? reference : reference.slice(index + ':cluster/'.length);
}

function clusterArn(request: AuthorizedRequest, reference: string): string {
  return isArn(reference) ? reference : `${base(request)}:cluster/${reference}`;
}

/** A resource inside a cluster (task, service, container instance): the ARN as given, or built from cluster and id. */
function inCluster(request: AuthorizedRequest, type: string, cluster: string, reference: string): string {
  return isArn(reference) ? reference : `${base(request)}:${type}/${clusterName(cluster)}/${reference}`;
}

function taskDefinitionArn(request: AuthorizedRequest, reference: string): string {
  return isArn(reference) ? reference : `${base(request)}:task-definition/${reference}`;
}

function clusterOf(params: JsonObject): string {
  return jsonString(params, 'cluster') ?? DEFAULT_CLUSTER;
}

/** ecs:TagResource for a resource created with tags, plus aws:RequestTag / aws:TagKeys and ecs:CreateAction. */
function tagOnCreate(params: JsonObject, createAction: string, resource: string): { permissions: RequiredPermission[]; context: ConditionContext } {
  const tags = jsonTags(params, 'tags', 'key', 'value');
  if (Object.keys(tags).length === 0) return { permissions: [], context: {} };
  return {
    permissions: [{ action: 'ecs:TagResource', resource }],
    context: { ...requestTagContext(tags), 'ecs:CreateAction': createAction },
  };
}

/**
 * iam:PassRole for each role a request hands to ECS ("Granting a user permissions to pass a role
 * to an AWS service", IAM User Guide): the task and execution roles go to ecs-tasks.amazonaws.com,
 * a service's role to ecs.amazonaws.com. A role may be given by name or ARN.
 */
function passRoles(request: AuthorizedRequest, roles: (string | undefined)[], passedTo: string): { permissions: RequiredPermission[]; context: ConditionContext } {
  const arns = roles.filter((role): role is string => Boolean(role)).map((role) => (isArn(role) ? role : `arn:aws:iam::${request.accountId}:role/${role}`));
  if (arns.length === 0) return { permissions: [], context: {} };
  return { permissions: arns.map((resource) => ({ action: 'iam:PassRole', resource })), context: { 'iam:PassedToService': passedTo } };
}

function overridesOf(params: JsonObject): JsonObject {
  const overrides = params.overrides;
  return typeof overrides === 'object' && overrides !== null ? (overrides as JsonObject) : {};
}

const onAccount = (action: string): OperationHandler<JsonObject> => () => allow([{ action: `ecs:${action}`, resource: '*' }]);

function onCluster(action: string): OperationHandler<JsonObject> {
  return (params, request) => allow([{ action: `ecs:${action}`, resource: clusterArn(request, clusterOf(params)) }]);
}

function onResourceArn(action: string): OperationHandler<JsonObject> {
  return (params, request) => {
    const arn = jsonString(params, 'resourceArn');
    if (!arn) return missingParameter(request.operation, 'resourceArn', 'resource');
    let context: ConditionContext | undefined;
    if (action === 'TagResource') context = requestTagContext(jsonTags(params, 'tags', 'key', 'value'));
    if (action === 'UntagResource' && jsonStrings(params, 'tagKeys').length > 0) context = { 'aws:TagKeys': jsonStrings(params, 'tagKeys') };
    return allow([{ action: `ecs:${action}`, resource: arn }], context);
  };
}

/** An operation on one service of a cluster (UpdateService, DeleteService), named by `service`. */
function onService(action: string): OperationHandler<JsonObject> {
  return (params, request) => {
    const service = jsonString(params, 'service');
    if (!service) return missingParameter(request.operation, 'service', 'service');
    const cluster = clusterOf(params);
    const context: ConditionContext = { 'ecs:cluster': clusterArn(request, cluster) };
    const taskDefinition = jsonString(params, 'taskDefinition');
    if (taskDefinition && action === 'UpdateService') context['ecs:task-definition'] = taskDefinitionArn(request, taskDefinition);
    return allow([{ action: `ecs:${action}`, resource: inCluster(request, 'service', cluster, service) }], context);
  };
}

/** RunTask and StartTask: the task definition, with the cluster as ecs:cluster. */
function launchTask(action: 'RunTask' | 'StartTask'): OperationHandler<JsonObject> {
  return (params, request) => {
    const taskDefinition = jsonString(params, 'taskDefinition');
    if (!taskDefinition) return missingParameter(request.operation, 'taskDefinition', 'task definition');
    const cluster = clusterOf(params);
    const tagging = tagOnCreate(params, action, `${base(request)}:task/${clusterName(cluster)}/*`);
    const context: ConditionContext = { 'ecs:cluster': clusterArn(request, cluster), ...tagging.context };
    const instances = jsonStrings(params, 'containerInstances');
    if (action === 'StartTask' && instances.length > 0) {
      context['ecs:container-instances'] = instances.map((instance) => inCluster(request, 'container-instance', cluster, instance));
    }
    const overrides = overridesOf(params);
    const passing = passRoles(request, [jsonString(overrides, 'taskRoleArn'), jsonString(overrides, 'executionRoleArn')], 'ecs-tasks.amazonaws.com');
    return allow(
      [{ action: `ecs:${action}`, resource: taskDefinitionArn(request, taskDefinition) }, ...tagging.permissions, ...passing.permissions],
      { ...context, ...passing.context },
    );
  };
}

export const ECS_OPERATIONS: Record<string, OperationHandler<JsonObject>> = {
  CreateCluster: (params, request) => {
    const arn = clusterArn(request, jsonString(params, 'clusterName') ?? DEFAULT_CLUSTER);
    const tagging = tagOnCreate(params, 'CreateCluster', arn);
    return allow([{ action: 'ecs:CreateCluster', resource: arn }, ...tagging.permissions], tagging.context);
  },
  DeleteCluster: onCluster('DeleteCluster'),
  UpdateCluster: onCluster('UpdateCluster'),
  UpdateClusterSettings: onCluster('UpdateClusterSettings'),
  PutClusterCapacityProviders: onCluster('PutClusterCapacityProviders'),
  ListContainerInstances: onCluster('ListContainerInstances'),
  DescribeClusters: (params, request) => {
    const clusters = jsonStrings(params, 'clusters');
    const targets = clusters.length > 0 ? clusters : [DEFAULT_CLUSTER];
    return allow(targets.map((cluster) => ({ action: 'ecs:DescribeClusters', resource: clusterArn(request, cluster) })));
  },
  ListClusters: onAccount('ListClusters'),
  RegisterTaskDefinition: (params, request) => {
    const family = jsonString(params, 'family');
    const tagging = tagOnCreate(params, 'RegisterTaskDefinition', `${base(request)}:task-definition/${family ?? '*'}:*`);
    const passing = passRoles(request, [jsonString(params, 'taskRoleArn'), jsonString(params, 'executionRoleArn')], 'ecs-tasks.amazonaws.com');
    return allow(
      [{ action: 'ecs:RegisterTaskDefinition', resource: '*' }, ...tagging.permissions, ...passing.permissions],
      { ...tagging.context, ...passing.context },
    );
  },
  DeregisterTaskDefinition: onAccount('DeregisterTaskDefinition'),
  DescribeTaskDefinition: onAccount('DescribeTaskDefinition'),
  ListTaskDefinitions: onAccount('ListTaskDefinitions'),
  ListTaskDefinitionFamilies: onAccount('ListTaskDefinitionFamilies'),
  DeleteTaskDefinitions: (params, request) => {
    const definitions = jsonStrings(params, 'taskDefinitions');
    if (definitions.length === 0) return missingParameter(request.operation, 'taskDefinitions', 'task definition');
    return allow(definitions.map((definition) => ({ action: 'ecs:DeleteTaskDefinitions', resource: taskDefinitionArn(request, definition) })));
  },
  RunTask: launchTask('RunTask'),
  StartTask: launchTask('StartTask'),
  StopTask: (params, request) => {
    const task = jsonString(params, 'task');
    if (!task) return missingParameter(request.operation, 'task', 'task');
    const cluster = clusterOf(params);
    return allow([{ action: 'ecs:StopTask', resource: inCluster(request, 'task', cluster, task) }], { 'ecs:cluster': clusterArn(request, cluster) });
  },
  DescribeTasks: (params, request) => {
    const tasks = jsonStrings(params, 'tasks');
    if (tasks.length === 0) return missingParameter(request.operation, 'tasks', 'task');
    const cluster = clusterOf(params);
    return allow(
      tasks.map((task) => ({ action: 'ecs:DescribeTasks', resource: inCluster(request, 'task', cluster, task) })),
      { 'ecs:cluster': clusterArn(request, cluster) },
    );
  },
  ListTasks: (params, request) => {
    const cluster = clusterOf(params);
    const instance = jsonString(params, 'containerInstance') ?? '*';
    return allow(
      [{ action: 'ecs:ListTasks', resource: inCluster(request, 'container-instance', cluster, instance) }],
      { 'ecs:cluster': clusterArn(request, cluster) },
    );
  },
  DescribeContainerInstances: (params, request) => {
    const instances = jsonStrings(params, 'containerInstances');
    if (instances.length === 0) return missingParameter(request.operation, 'containerInstances', 'container instance');
    const cluster = clusterOf(params);
    return allow(
      instances.map((instance) => ({ action: 'ecs:DescribeContainerInstances', resource: inCluster(request, 'container-instance', cluster, instance) })),
      { 'ecs:cluster': clusterArn(request, cluster) },
    );
  },
  CreateService: (params, request) => {
    const name = jsonString(params, 'serviceName');
    if (!name) return missingParameter(request.operation, 'serviceName', 'service');
    const cluster = clusterOf(params);
    const arn = inCluster(request, 'service', cluster, name);
    const tagging = tagOnCreate(params, 'CreateService', arn);
    const context: ConditionContext = { 'ecs:cluster': clusterArn(request, cluster), ...tagging.context };
    const taskDefinition = jsonString(params, 'taskDefinition');
    if (taskDefinition) context['ecs:task-definition'] = taskDefinitionArn(request, taskDefinition);
    const passing = passRoles(request, [jsonString(params, 'role')], 'ecs.amazonaws.com');
    return allow([{ action: 'ecs:CreateService', resource: arn }, ...tagging.permissions, ...passing.permissions], { ...context, ...passing.context });
  },
  UpdateService: onService('UpdateService'),
  DeleteService: onService('DeleteService'),
  DescribeServices: (params, request) => {
    const services = jsonStrings(params, 'services');
    if (services.length === 0) return missingParameter(request.operation, 'services', 'service');
    const cluster = clusterOf(params);
    return allow(
      services.map((service) => ({ action: 'ecs:DescribeServices', resource: inCluster(request, 'service', cluster, service) })),
      { 'ecs:cluster': clusterArn(request, cluster) },
    );
  },
  ListServices: (params, request) => allow([{ action: 'ecs:ListServices', resource: '*' }], { 'ecs:cluster': clusterArn(request, clusterOf(params)) }),
  TagResource: onResourceArn('TagResource'),
  UntagResource: onResourceArn('UntagResource'),
  ListTagsForResource: onResourceArn('ListTagsForResource'),
};

export function ecsPermissions(params: JsonObject, request: AuthorizedRequest): ServiceAnswer | undefined {
  return ECS_OPERATIONS[request.operation.name]?.(params, request);
}
