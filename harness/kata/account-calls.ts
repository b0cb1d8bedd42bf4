import type { TraceEntry } from '../gateway/trace';
import { currentLocalCloud } from '../runner/cloud-env';
import { accountCalls } from '../runner/control-api';

/**
 * A marker for `accountCallsSince`: calls in the account from now on, whoever makes them (ECS's
 * pull and log writes as the execution role too), with the IAM engine's explanation of a denial.
 */
export async function accountCallsMarker(accountId: string): Promise<number> {
  return (await accountCalls(currentLocalCloud().gatewayUrl, accountId, Number.MAX_SAFE_INTEGER)).latestSeq;
}

/** The account's calls after `marker` (from accountCallsMarker), oldest first. */
export async function accountCallsSince(accountId: string, marker: number): Promise<TraceEntry[]> {
  return (await accountCalls(currentLocalCloud().gatewayUrl, accountId, marker)).calls;
}
