import { createRng, type Rng } from './random';
import type { Clock } from './rate-limit';

// A seeded scheduler that calls a vendor's "make a change" callback at a steady rate. It ticks
// every `tickMs` and runs as many changes as are due, so high rates do not need tiny timers.
export interface TrafficOptions {
  /** Changes per second; 0 means paused. */
  ratePerSecond: number;
  seed?: number;
  tickMs?: number;
  change: (rng: Rng) => void;
  /** Called when a change throws; the generator keeps going. */
  onError?: (error: unknown) => void;
  /** Tests move time with it. */
  clock?: Clock;
}

export class TrafficGenerator {
  private timer: NodeJS.Timeout | undefined;
  private rate: number;
  private due = 0;
  private last = 0;
  private readonly rng: Rng;
  /** Changes made so far. */
  count = 0;
  /** Changes that fell due while the process was too busy to make them, and were let go. */
  skipped = 0;

  constructor(private readonly options: TrafficOptions) {
    this.rate = options.ratePerSecond;
    this.rng = createRng(options.seed ?? 3);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  setRate(ratePerSecond: number): void {
    this.rate = Math.max(0, ratePerSecond);
  }

  start(): void {
    if (this.timer) return;
    this.last = this.now();
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 50);
    // A sandbox's background traffic must never keep a test or CLI process alive.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.due = 0;
  }

  /** Makes `n` changes now, regardless of the rate (deterministic tests). */
  step(n = 1): void {
    for (let i = 0; i < n; i += 1) this.one();
  }

  private tick(): void {
    const now = this.now();
    this.due += ((now - this.last) / 1000) * this.rate;
    this.last = now;
    // At most a quarter second's worth per tick: a process that fell behind would otherwise make
    // ever larger bursts, each blocking its event loop longer than the last (its own HTTP server
    // and webhook sockets included), and never catch up.
    const cap = Math.max(1, this.rate / 4);
    if (this.due > cap) {
      this.skipped += Math.floor(this.due - cap);
      this.due = cap;
    }
    while (this.due >= 1) {
      this.due -= 1;
      this.one();
    }
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private one(): void {
    try {
      this.options.change(this.rng);
      this.count += 1;
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
