import type { Operation } from './operation';
import { xmlText } from '../iam/authorization/request-params';
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
    const accessKeyId = xmlText(responseBody, 'AccessKeyId');
    const userName = xmlText(responseBody, 'UserName');
    const secretAccessKey = xmlText(responseBody, 'SecretAccessKey');
    if (accessKeyId && userName && secretAccessKey) {
      registry.register(accessKeyId, { kind: 'user', accountId: callerAccountId, userName, secretAccessKey });
    }
  } else if (operation.name === 'DeleteAccessKey') {
    const accessKeyId = requestParams.get('AccessKeyId');
    if (accessKeyId) registry.forget(accessKeyId);
  } else if (operation.name === 'AssumeRole') {
    const roleArn = requestParams.get('RoleArn');
    const accessKeyId = xmlText(responseBody, 'AccessKeyId');
    const sessionArn = xmlText(responseBody, 'Arn');
    const assumedRoleId = xmlText(responseBody, 'AssumedRoleId');
    const secretAccessKey = xmlText(responseBody, 'SecretAccessKey');
    const sessionToken = xmlText(responseBody, 'SessionToken');
    const expiration = xmlText(responseBody, 'Expiration');
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
