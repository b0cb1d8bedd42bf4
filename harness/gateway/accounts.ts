import { randomInt } from 'node:crypto';

/** Account ids that backends use as their defaults; a kata never gets one of them. */
const RESERVED = new Set(['000000000000', '123456789012']);

/** Hands out 12-digit account ids, each at most once per gateway. */
export class AccountAllocator {
  private readonly issued = new Set<string>();

  next(): string {
    for (;;) {
      const id = String(randomInt(100_000, 1_000_000)) + String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!RESERVED.has(id) && !this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }
}
