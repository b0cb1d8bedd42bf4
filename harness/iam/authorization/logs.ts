/**
 * Amazon CloudWatch Logs (awsJson). The Service Authorization Reference lists
 *   log-group   arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}
 *   log-stream  arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}
 * but CloudWatch Logs authorizes log-group actions against the group's ARN followed by
 * ":log-stream:" (which is why its guide tells policy writers to use "log-group:NAME:*" for every
 * action except TagResource, UntagResource and ListTagsForResource, which take the ARN without the
 * trailing ":*" — "Overview of managing access permissions to your CloudWatch Logs resources").
 * Real denials:
 *   "… logs:CreateLogGroup on resource: arn:aws:logs:eu-central-1:697149045717:log-group:/aws/lambda/github-actions-smoke-testing-test:log-stream:
 *    because no identity-based policy allows the logs:CreateLogGroup action" (elastic/apm-aws-lambda#526, 2024)
 *   "… logs:DescribeMetricFilters on resource: arn:aws:logs:eu-west-1:XXXXXXXXXXXX:log-group:CloudTrail/DefaultLogGroup:log-stream:"
 *    (prowler-cloud/prowler#37)
 *   "… logs:DescribeLogGroups on resource: arn:aws:logs:us-east-1:819013376994:log-group::log-stream:"
 *    (FormidableLabs/terraform-aws-serverless#49); a policy on log-group:test-log-group:* does not allow
 *    it even with --log-group-name-prefix=test-log-group (maxbanton/cwh#83)
 *   "… logs:PutLogEvents on resource: arn:aws:logs:us-east-1:XXXXXXXXXXXX:log-group:2828d147-…:log-stream:e9ec79d0-…
 *    because no identity-based policy allows the logs:PutLogEvents action" (kdgregory/log4j-aws-appenders#176)
 * CreateLogGroup with tags also needs logs:TagResource: "User with accountId: 111111111111 is not
 * authorized to perform CreateLogGroup with Tags. An additional permission "logs:TagResource" is
 * required." (DataDog/cloudformation-template#61).
 */
import { jsonString, jsonStrings, jsonTags, requestTagContext, type JsonObject } from './request-params';
import { allow, missingParameter, type AuthorizedRequest, type OperationHandler, type ServiceAnswer } from './types';

interface LogGroupRef {
  region: string;
  account: string;
  name: string;
}

/** The group a request names: logGroupName, or logGroupIdentifier (a name or an ARN, with or without ":*"). */
function logGroupOf(params: JsonObject, request: AuthorizedRequest): LogGroupRef | undefined {
  const name = jsonString(params, 'logGroupName');
  if (name) return { region: request.region, account: request.accountId, name };
  const identifier = jsonString(params, 'logGroupIdentifier');
  return identifier ? logGroupFromIdentifier(identifier, request) : undefined;
}

function logGroupFromIdentifier(identifier: string, request: AuthorizedRequest): LogGroupRef {
  const match = identifier.match(/^arn:[^:]+:logs:([^:]*):([^:]*):log-group:(.+?)(?::\*)?$/);
  if (match) return { region: match[1], account: match[2], name: match[3] };
  return { region: request.region, account: request.accountId, name: identifier };
}

/** The log group's ARN as TagResource and the log group identifiers write it (no trailing ":*"). */
function logGroupArn(group: LogGroupRef): string {
  return `arn:aws:logs:${group.region}:${group.account}:log-group:${group.name}`;
}

/** What log-group actions are authorized against. */
function logGroupResource(group: LogGroupRef): string {
  return `${logGroupArn(group)}:log-stream:`;
}

function onLogGroup(action: string): OperationHandler<JsonObject> {
  return (params, request) => {
    const group = logGroupOf(params, request);
    if (!group) return missingParameter(request.operation, 'logGroupName', 'log group');
    const context = action === 'TagLogGroup' ? requestTagContext(jsonTags(params, 'tags', 'Key', 'Value')) : undefined;
    return allow([{ action: `logs:${action}`, resource: logGroupResource(group) }], context);
  };
}

function onLogStream(action: string): OperationHandler<JsonObject> {
  return (params, request) => {
    const group = logGroupOf(params, request);
    if (!group) return missingParameter(request.operation, 'logGroupName', 'log group');
    const stream = jsonString(params, 'logStreamName');
    if (!stream) return missingParameter(request.operation, 'logStreamName', 'log stream');
    return allow([{ action: `logs:${action}`, resource: `${logGroupResource(group)}${stream}` }]);
  };
}

function onResourceArn(action: string): OperationHandler<JsonObject> {
  return (params, request) => {
    const arn = jsonString(params, 'resourceArn');
    if (!arn) return missingParameter(request.operation, 'resourceArn', 'resource');
    let context;
    if (action === 'TagResource') context = requestTagContext(jsonTags(params, 'tags', 'Key', 'Value'));
    if (action === 'UntagResource' && jsonStrings(params, 'tagKeys').length > 0) context = { 'aws:TagKeys': jsonStrings(params, 'tagKeys') };
    return allow([{ action: `logs:${action}`, resource: arn.replace(/:\*$/, '') }], context);
  };
}

/** The account-wide form for list calls that name no group. */
const everyLogGroup = (request: AuthorizedRequest): string => `arn:aws:logs:${request.region}:${request.accountId}:log-group::log-stream:`;

export const LOGS_OPERATIONS: Record<string, OperationHandler<JsonObject>> = {
  CreateLogGroup: (params, request) => {
    const group = logGroupOf(params, request);
    if (!group) return missingParameter(request.operation, 'logGroupName', 'log group');
    const tags = jsonTags(params, 'tags', 'Key', 'Value');
    const tagging = Object.keys(tags).length > 0 ? [{ action: 'logs:TagResource', resource: logGroupArn(group) }] : [];
    return allow([{ action: 'logs:CreateLogGroup', resource: logGroupResource(group) }, ...tagging], requestTagContext(tags));
  },
  DeleteLogGroup: onLogGroup('DeleteLogGroup'),
  DescribeLogGroups: (_params, request) => allow([{ action: 'logs:DescribeLogGroups', resource: everyLogGroup(request) }]),
  DescribeLogStreams: onLogGroup('DescribeLogStreams'),
  FilterLogEvents: onLogGroup('FilterLogEvents'),
  PutRetentionPolicy: onLogGroup('PutRetentionPolicy'),
  DeleteRetentionPolicy: onLogGroup('DeleteRetentionPolicy'),
  TagLogGroup: onLogGroup('TagLogGroup'),
  UntagLogGroup: onLogGroup('UntagLogGroup'),
  ListTagsLogGroup: onLogGroup('ListTagsLogGroup'),
  PutSubscriptionFilter: onLogGroup('PutSubscriptionFilter'),
  DeleteSubscriptionFilter: onLogGroup('DeleteSubscriptionFilter'),
  DescribeSubscriptionFilters: onLogGroup('DescribeSubscriptionFilters'),
  PutMetricFilter: onLogGroup('PutMetricFilter'),
  DeleteMetricFilter: onLogGroup('DeleteMetricFilter'),
  DescribeMetricFilters: (params, request) => {
    const group = logGroupOf(params, request);
    return allow([{ action: 'logs:DescribeMetricFilters', resource: group ? logGroupResource(group) : everyLogGroup(request) }]);
  },
  CreateLogStream: onLogStream('CreateLogStream'),
  DeleteLogStream: onLogStream('DeleteLogStream'),
  PutLogEvents: onLogStream('PutLogEvents'),
  GetLogEvents: onLogStream('GetLogEvents'),
  StartQuery: (params, request) => {
    const groups = [
      ...(jsonString(params, 'logGroupName') ? [jsonString(params, 'logGroupName') as string] : []),
      ...jsonStrings(params, 'logGroupNames'),
      ...jsonStrings(params, 'logGroupIdentifiers'),
    ];
    if (groups.length === 0) return missingParameter(request.operation, 'logGroupNames', 'log group');
    return allow(groups.map((group) => ({ action: 'logs:StartQuery', resource: logGroupResource(logGroupFromIdentifier(group, request)) })));
  },
  TagResource: onResourceArn('TagResource'),
  UntagResource: onResourceArn('UntagResource'),
  ListTagsForResource: onResourceArn('ListTagsForResource'),
};

export function logsPermissions(params: JsonObject, request: AuthorizedRequest): ServiceAnswer | undefined {
  return LOGS_OPERATIONS[request.operation.name]?.(params, request);
}
