import { randomUUID } from 'node:crypto';
import { awsError, type AwsErrorResponse } from '../gateway/aws-error';

/** An answer the agent gives in place of the backend (status, headers, body as AWS sends them). */
export type AgentAnswer = AwsErrorResponse;

export function ecsError(status: number, code: string, message: string): AgentAnswer {
  return awsError('json', 'ecs', status, code, message);
}

export function ecsJson(value: unknown): AgentAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(value),
  };
}
