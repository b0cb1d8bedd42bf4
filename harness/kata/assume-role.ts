import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Bilingual } from '../i18n';
import { currentLocalCloud } from '../runner/cloud-env';
import { accountCallsMarker, accountCallsSince } from './account-calls';

/** A role session's temporary credentials. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Whether a principal got a session of a role, and why not (the harness's IAM engine's words). */
export type AssumeRoleOutcome =
  | { allowed: true; sessionArn: string; credentials?: SessionCredentials }
  | { allowed: false; errorCode: string; message: string; explanation?: Bilingual };

/**
 * Asks, as AWS service `service` (e.g. 'lambda.amazonaws.com'), for a session of role `roleArn` in
 * account `accountId`: what a service does when it assumes a role for you. The role's trust policy
 * decides; a refusal carries the IAM engine's explanation.
 */
export async function assumeRoleAsService(accountId: string, roleArn: string, service: string, sessionName = 'kata-check'): Promise<AssumeRoleOutcome> {
  const { gatewayUrl } = currentLocalCloud();
  const response = await fetch(`${gatewayUrl}/_dojo/accounts/${accountId}/service-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roleArn, service, sessionName }),
  });
  if (response.status !== 200 && response.status !== 403) {
    throw new Error(`The dojo gateway's service-sessions route answered HTTP ${response.status}: ${await response.text()}`);
  }
  const session = (await response.json()) as { allowed: true; sessionArn: string; credentials: SessionCredentials } | { allowed: false; explanation: Bilingual };
  if (session.allowed) {
    const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
    return { allowed: true, sessionArn: session.sessionArn, credentials: { accessKeyId, secretAccessKey, sessionToken } };
  }
  return { allowed: false, errorCode: 'AccessDenied', message: session.explanation.en, explanation: session.explanation };
}

/**
 * Calls sts:AssumeRole on `roleArn` through the gateway, signed with `credentials` (an IAM user's
 * access key, say), as that principal would. A refusal carries AWS's error and, from the calls
 * the gateway recorded in `accountId`, the IAM engine's explanation.
 */
export async function assumeRoleWithCredentials(
  accountId: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  roleArn: string,
  sessionName = 'kata-check',
): Promise<AssumeRoleOutcome> {
  const { gatewayUrl, region } = currentLocalCloud();
  const marker = await accountCallsMarker(accountId);
  const sts = new STSClient({ endpoint: gatewayUrl, region, credentials, maxAttempts: 1 });
  try {
    const answer = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    return { allowed: true, sessionArn: answer.AssumedRoleUser!.Arn! };
  } catch (error) {
    const refused = (await accountCallsSince(accountId, marker)).filter((call) => call.operation === 'AssumeRole' && call.errorCode).pop();
    return { allowed: false, errorCode: (error as Error).name, message: (error as Error).message, explanation: refused?.explanation };
  } finally {
    sts.destroy();
  }
}
