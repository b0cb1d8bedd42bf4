import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { checkFargateRegistration, explainFargateRejection, requiresFargate } from '../ecs-agent/fargate-validation';
import type { Bilingual } from '../i18n';
import { awsError, type AwsErrorResponse } from './aws-error';
import type { Operation } from './operation';

export interface RefusedRegistration {
  response: AwsErrorResponse;
  errorCode: string;
  /** ECS's words and what to do about them, for the kata's list of calls. */
  explanation: Bilingual;
}

/**
 * ECS refuses a Fargate task definition that Fargate could never run at RegisterTaskDefinition
 * (ClientException, HTTP 400), and registers nothing. moto registers anything, so the gateway
 * answers such a request itself instead of forwarding it. A definition without FARGATE in
 * requiresCompatibilities is not checked here (RunTask checks it if asked to run it on Fargate).
 */
export function refuseInvalidFargateRegistration(operation: Operation, body: Buffer): RefusedRegistration | undefined {
  if (operation.service !== 'ecs' || operation.name !== 'RegisterTaskDefinition') return undefined;
  const request = readRequest(body);
  if (!request || !requiresFargate(request)) return undefined;
  const checked = checkFargateRegistration(request);
  if (checked.ok) return undefined;
  return {
    response: awsError('json', 'ecs', 400, checked.code, checked.message.en),
    errorCode: checked.code,
    explanation: explainFargateRejection(checked),
  };
}

/**
 * The request as a TaskDefinition, or undefined when its shape is not one ECS would accept: the
 * backend then answers with its own validation error.
 */
function readRequest(body: Buffer): TaskDefinition | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const request = value as Record<string, unknown>;
  if (!Array.isArray(request.requiresCompatibilities ?? [])) return undefined;
  const containers = request.containerDefinitions ?? [];
  if (!Array.isArray(containers) || containers.some((container) => typeof container !== 'object' || container === null)) return undefined;
  if (containers.some((container: Record<string, unknown>) => container.image !== undefined && typeof container.image !== 'string')) return undefined;
  // The API's cpu and memory are strings; a hand-written request may send numbers.
  const text = (member: unknown) => (typeof member === 'number' ? String(member) : member);
  if (![request.cpu, request.memory].every((member) => member === undefined || typeof text(member) === 'string')) return undefined;
  return { ...request, cpu: text(request.cpu), memory: text(request.memory) } as TaskDefinition;
}
