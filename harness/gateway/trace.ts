import type { Bilingual } from '../i18n';

/** One call a kata's code made, as the gateway saw it. */
export interface TraceEntry {
  /** Increases with every call the gateway sees, across accounts. */
  seq: number;
  /** The ECS task whose container made the call (through the gateway port bound to it). */
  taskId?: string;
  service: string;
  operation: string;
  status: number;
  /** The AWS error code of a failed call. */
  errorCode?: string;
  /** Why the gateway denied the call, for a learner. */
  explanation?: Bilingual;
  /** What the policy linter found in a policy document the call carried. */
  notes?: Bilingual[];
}

const MAX_ENTRIES_PER_ACCOUNT = 2000;

/** Per-account log of calls, so a failing kata can show what the solution did. */
export class CallTrace {
  private readonly byAccount = new Map<string, TraceEntry[]>();
  private lastSeq = 0;

  record(accountId: string, call: Omit<TraceEntry, 'seq'>): void {
    const entry = { seq: ++this.lastSeq, ...call };
    let entries = this.byAccount.get(accountId);
    if (!entries) this.byAccount.set(accountId, (entries = []));
    entries.push(entry);
    if (entries.length > MAX_ENTRIES_PER_ACCOUNT) entries.shift();
  }

  /** The account's calls after sequence number `afterSeq` (0: all kept). */
  of(accountId: string, afterSeq = 0): TraceEntry[] {
    return (this.byAccount.get(accountId) ?? []).filter((entry) => entry.seq > afterSeq);
  }

  /** The sequence number of the latest call seen, a marker for `of(account, marker)`. */
  latestSeq(): number {
    return this.lastSeq;
  }
}
