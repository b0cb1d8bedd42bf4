import type { Operation } from './operation';
import type { PrincipalRegistry } from '../iam/principal-registry';

/** The operations whose answers hand out or take back credentials. */
export function handsOutCredentials(operation: Operation): boolean {
  return (
    (operation.service === 'iam' && (operation.name === 'CreateAccessKey' || operation.name === 'DeleteAccessKey')) ||
    (operation.service === 'sts' && operation.name === 'AssumeRole')
  );
}

/**
 * Learns IAM users' access keys and role sessions' credentials from successful answers, so the
 * gateway knows who signs with them later.
 */
export function captureCredentials(
  registry: PrincipalRegistry,
  operation: Operation,
  callerAccountId: string,
  requestParams: URLSearchParams,
  status: number,
  responseBody: string,
): void {
  if (status >= 300) return;
  if (operation.name === 'CreateAccessKey') {
    const accessKeyId = xmlValue(responseBody, 'AccessKeyId');
    const userName = xmlValue(responseBody, 'UserName');
    const secretAccessKey = xmlValue(responseBody, 'SecretAccessKey');
    if (accessKeyId && userName && secretAccessKey) {
      registry.register(accessKeyId, { kind: 'user', accountId: callerAccountId, userName, secretAccessKey });
    }
  } else if (operation.name === 'DeleteAccessKey') {
    const accessKeyId = requestParams.get('AccessKeyId');
    if (accessKeyId) registry.forget(accessKeyId);
  } else if (operation.name === 'AssumeRole') {
    const roleArn = requestParams.get('RoleArn');
    const accessKeyId = xmlValue(responseBody, 'AccessKeyId');
    const sessionArn = xmlValue(responseBody, 'Arn');
    const assumedRoleId = xmlValue(responseBody, 'AssumedRoleId');
    const secretAccessKey = xmlValue(responseBody, 'SecretAccessKey');
    const sessionToken = xmlValue(responseBody, 'SessionToken');
    const expiration = xmlValue(responseBody, 'Expiration');
    if (roleArn && accessKeyId && sessionArn && assumedRoleId && secretAccessKey && sessionToken) {
      registry.register(accessKeyId, {
        kind: 'assumed-role',
        accountId: roleArn.split(':')[4],
        roleArn,
        sessionArn,
        assumedRoleId,
        sessionName: requestParams.get('RoleSessionName') ?? sessionArn.slice(sessionArn.lastIndexOf('/') + 1),
        secretAccessKey,
        sessionToken,
        expiresAt: expiration ? Date.parse(expiration) : Date.now() + 3600_000,
      });
    }
  }
}

/** The text of the first <tag>…</tag>: enough for these flat, fixed-shape answers. */
function xmlValue(xml: string, tag: string): string | undefined {
  const value = xml.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];
  return value?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
