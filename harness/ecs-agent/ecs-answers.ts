import { randomUUID } from 'node:crypto';
import { awsError, type AwsErrorResponse } from '../gateway/aws-error';
import type { Bilingual } from '../i18n';

/**
 * An answer the agent gives in place of the backend (status, headers, body as AWS sends them),
 * with, for a refusal, what the gateway's call trace tells a learner about it.
 */
export type AgentAnswer = AwsErrorResponse & { explanation?: Bilingual };

export function ecsError(status: number, code: string, message: string, explanation?: Bilingual): AgentAnswer {
  return { ...awsError('json', 'ecs', status, code, message), ...(explanation && { explanation }) };
}

export function ecsJson(value: unknown): AgentAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(value),
  };
}
