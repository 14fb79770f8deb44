import type { Clock } from './rate-limit';

// A strictly rising clock for "last modified" stamps: two changes in the same millisecond still get
// distinct times, so "newest wins" and "modified after X" filters stay decidable for connectors.
// The base clock is injectable so tests can move time (token and subscription expiry).
export class MonotonicClock {
  private last = 0;

  constructor(readonly now: Clock = Date.now) {}

  /** The next stamp in epoch ms. */
  tick(): number {
    this.last = Math.max(this.now(), this.last + 1);
    return this.last;
  }

  /** Seeding writes history directly; later stamps must come after it. */
  advancePast(ms: number): void {
    this.last = Math.max(this.last, ms);
  }
}
