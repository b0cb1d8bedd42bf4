import type { TraceEntry } from '../gateway/trace';

/** The calls a solution made, listed for a failure message. */
export function formatCalls(accountId: string, calls: TraceEntry[]): string {
  if (calls.length === 0) return `Your solve() made no AWS API calls (account ${accountId}).`;
  const lines = calls.map(
    (call, index) => `  ${String(index + 1).padStart(2)}. ${call.service} ${call.operation} → ${call.status}${call.errorCode ? ` ${call.errorCode}` : ''}`,
  );
  return `AWS API calls your solve() made (account ${accountId}):\n${lines.join('\n')}`;
}
