import type { RestartDelays } from './service-types';

export const DEFAULT_RESTART_DELAYS: RestartDelays = { firstMs: 500, maxMs: 15_000 };
/** Failed starts in a row after which the service reports it cannot start tasks consistently. */
export const IMPAIRED_AFTER_FAILURES = 3;

/**
 * ECS's service throttle: each failed start in a row doubles the wait before the next launch,
 * up to a cap; a task that runs well, or a new deployment, ends the streak.
 */
export class RestartThrottle {
  private failures = 0;
  private notBefore = 0;

  constructor(private readonly delays: RestartDelays) {}

  get failuresInARow(): number {
    return this.failures;
  }

  /** The wait after the current streak: first, first, 2×first, 4×first, … up to the cap. */
  delayMs(): number {
    const doublings = Math.max(this.failures - 1, 0);
    return Math.min(this.delays.firstMs * 2 ** Math.min(doublings, 30), this.delays.maxMs);
  }

  /** A task failed to start (launch refused, or stopped before it ran well): wait longer next time. */
  failed(now: number): void {
    this.failures += 1;
    this.notBefore = now + this.delayMs();
  }

  /** A task that ran well stopped: replace it after the first delay. */
  replacing(now: number): void {
    this.failures = 0;
    this.notBefore = now + this.delayMs();
  }

  /** A new deployment returns the service to a non-throttled state at once. */
  reset(): void {
    this.failures = 0;
    this.notBefore = 0;
  }

  /** How long until a launch may start (0: now). */
  waitMs(now: number): number {
    return Math.max(this.notBefore - now, 0);
  }
}
