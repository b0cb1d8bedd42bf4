import type { TraceEntry } from '../gateway/trace';
import { localize } from '../i18n';

/** The calls a solution made, listed for a failure message. */
export function formatCalls(accountId: string, calls: TraceEntry[]): string {
  if (calls.length === 0) {
    return localize({
      en: `Your solve() made no AWS API calls (account ${accountId}).`,
      ja: `あなたの solve() は AWS API を 1 回も呼び出していません(アカウント ${accountId})。`,
    });
  }
  const lines = calls.map((call, index) => {
    const line = `  ${String(index + 1).padStart(2)}. ${call.service} ${call.operation} → ${call.status}${call.errorCode ? ` ${call.errorCode}` : ''}`;
    const details = [...(call.explanation ? [call.explanation] : []), ...(call.notes ?? [])].map((text) => `      ${localize(text)}`);
    return [line, ...details].join('\n');
  });
  const heading = localize({
    en: `AWS API calls your solve() made (account ${accountId}):`,
    ja: `あなたの solve() が呼び出した AWS API(アカウント ${accountId}):`,
  });
  return `${heading}\n${lines.join('\n')}`;
}
