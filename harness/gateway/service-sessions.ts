import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { evaluate } from '../iam/evaluate';
import { explainDecision } from '../iam/explain';
import type { PolicyCollector } from '../iam/policy-collector';
import type { EvaluationInput } from '../iam/policy-types';
import type { PrincipalRegistry } from '../iam/principal-registry';
import type { Bilingual } from '../i18n';

export interface ServiceSessionRequest {
  accountId: string;
  roleArn: string;
  /** The service principal that assumes the role, e.g. ecs-tasks.amazonaws.com. */
  service: string;
  sessionName: string;
}

export type ServiceSession =
  | { allowed: true; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string }; sessionArn: string }
  | { allowed: false; explanation: Bilingual };

/**
 * What AWS does when a service (ECS for a task role, say) assumes a role on a customer's behalf:
 * the role's trust policy must allow that service principal; then STS hands out a session.
 */
export async function assumeRoleAsService(
  request: ServiceSessionRequest,
  collector: PolicyCollector,
  registry: PrincipalRegistry,
  stsOf: (accountId: string) => STSClient,
): Promise<ServiceSession> {
  const trust = await collector.trustPolicyOf(request.accountId, request.roleArn);
  if (!trust) {
    return {
      allowed: false,
      explanation: {
        en: `There is no role ${request.roleArn} in account ${request.accountId}, so ${request.service} cannot assume it.`,
        ja: `アカウント ${request.accountId} にロール ${request.roleArn} がないため、${request.service} はそれを引き受けられません。`,
      },
    };
  }
  const input: EvaluationInput = {
    request: {
      principal: { kind: 'service', arn: request.service },
      action: 'sts:AssumeRole',
      resource: request.roleArn,
      context: { 'aws:SourceAccount': request.accountId },
    },
    identityPolicies: [],
    resourcePolicy: trust,
  };
  const result = evaluate(input);
  if (result.decision !== 'Allow') return { allowed: false, explanation: explainDecision(input, result) };

  const answer = await stsOf(request.accountId).send(new AssumeRoleCommand({ RoleArn: request.roleArn, RoleSessionName: request.sessionName }));
  const credentials = answer.Credentials!;
  const sessionArn = answer.AssumedRoleUser!.Arn!;
  registry.register(credentials.AccessKeyId!, {
    kind: 'assumed-role',
    accountId: request.accountId,
    roleArn: request.roleArn,
    sessionArn,
    assumedRoleId: answer.AssumedRoleUser!.AssumedRoleId!,
    sessionName: request.sessionName,
    assumedBy: request.service,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
    expiresAt: credentials.Expiration!.getTime(),
  });
  return {
    allowed: true,
    sessionArn,
    credentials: {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
      expiration: credentials.Expiration!.toISOString(),
    },
  };
}
