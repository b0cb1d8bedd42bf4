import { IAMClient } from '@aws-sdk/client-iam';
import { evaluate } from '../iam/evaluate';
import { explainDecision } from '../iam/explain';
import { describePolicy } from '../iam/evaluation/describe';
import { PolicyCollector, type PrincipalPolicies } from '../iam/policy-collector';
import type { NamedPolicy, PolicyDocument } from '../iam/policy-types';
import type { Bilingual } from '../i18n';
import { currentLocalCloud } from '../runner/cloud-env';
import { createClients, destroyClients, rootCredentials, type KataClients } from '../runner/clients';
import { accountCallsMarker, accountCallsSince } from './account-calls';

/** An IAM user's access key (or a role session's credentials), as CreateAccessKey answers it. */
export interface AccessKeyCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Runs `use` with SDK clients pointed at the gateway and signed with `credentials`, so IAM decides
 * every call as it would for that principal; the clients are closed afterwards.
 */
export async function withAccessKeyClients<T>(credentials: AccessKeyCredentials, use: (clients: KataClients) => Promise<T>): Promise<T> {
  const { gatewayUrl, region } = currentLocalCloud();
  const clients = createClients({ endpoint: gatewayUrl, region, credentials });
  try {
    return await use(clients);
  } finally {
    destroyClients(clients);
  }
}

/** What one call (or a sequence of calls, like a push) came to. */
export type CallOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** The AWS error code (the SDK error's name), e.g. AccessDenied, AccessDeniedException, NoSuchKey. */
      errorCode: string;
      message: string;
      /** Whether IAM refused it (as opposed to the service, e.g. S3's BucketNotEmpty). */
      denied: boolean;
      /** The operation the gateway refused, e.g. InitiateLayerUpload, when it refused one. */
      operation?: string;
      /** The harness's IAM engine's explanation of the refusal. */
      explanation?: Bilingual;
    };

const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess)$/;

/**
 * Runs `call` (calls signed with someone's key in account `accountId`) and says how it ended; a
 * refusal carries AWS's error and, from the calls the gateway recorded meanwhile, the operation it
 * refused and the IAM engine's explanation.
 */
export async function attemptCall<T>(accountId: string, call: () => Promise<T>): Promise<CallOutcome<T>> {
  const marker = await accountCallsMarker(accountId);
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    // Only an answer from AWS (the gateway) is an outcome; anything else is the check's own failure.
    if (!(error instanceof Error) || !('$metadata' in error)) throw error;
    const refused = (await accountCallsSince(accountId, marker)).filter((entry) => entry.errorCode).pop();
    const errorCode = (error as Error)?.name ?? 'Error';
    return {
      ok: false,
      errorCode,
      message: (error as Error)?.message ?? String(error),
      denied: DENIED.test(errorCode) || !!refused?.explanation,
      ...(refused && { operation: refused.operation }),
      ...(refused?.explanation && { explanation: refused.explanation }),
    };
  }
}

/** A policy an IAM user holds (its own, attached, or through a group), as a learner names it. */
export interface HeldPolicy {
  /** "policy ci-push (inline, user ci-pusher)", "policy AdministratorAccess". */
  label: Bilingual;
  name: string;
  kind: NamedPolicy['kind'];
  /** The managed policy's ARN; for an inline policy, its holder's. */
  arn?: string;
  document: PolicyDocument;
}

/** The policies IAM user `userName` of `accountId` holds now, read as the gateway reads them. */
export async function policiesOfUser(accountId: string, userName: string): Promise<HeldPolicy[]> {
  const { identityPolicies } = await readUserPolicies(accountId, userName);
  return identityPolicies.map((policy) => ({ label: describePolicy(policy), name: policy.name, kind: policy.kind, arn: policy.arn, document: policy.document }));
}

/**
 * What the harness's IAM engine decides for IAM user `userName` of `accountId` calling `action`
 * on `resource`, from the policies the user holds now, with its explanation: for a call that got
 * through, which statement of which policy allowed it.
 */
export async function explainUserDecision(accountId: string, userName: string, action: string, resource: string): Promise<{ allowed: boolean; explanation: Bilingual }> {
  const { principal, identityPolicies, permissionsBoundary } = await readUserPolicies(accountId, userName);
  const input = { request: { principal, action, resource, context: {} }, identityPolicies, permissionsBoundary };
  const result = evaluate(input);
  return { allowed: result.decision === 'Allow', explanation: explainDecision(input, result) };
}

async function readUserPolicies(accountId: string, userName: string): Promise<PrincipalPolicies> {
  const { gatewayUrl, region } = currentLocalCloud();
  const iam = new IAMClient({ endpoint: gatewayUrl, region, credentials: rootCredentials(accountId), maxAttempts: 2 });
  try {
    return await new PolicyCollector(() => iam).policiesOf({ kind: 'user', accountId, userName, secretAccessKey: '' });
  } finally {
    iam.destroy();
  }
}
