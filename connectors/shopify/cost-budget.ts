import { systemClock, type Clock } from '../common/clock';

/**
 * A client-side model of Shopify's leaky bucket. Every response reports the bucket's level
 * (`throttleStatus`), and every query needs its `requestedQueryCost` in the bucket before it runs.
 * So before each request we wait exactly until the modelled bucket holds the cost: the bucket then
 * hovers at one query's cost, drained at the restore rate (full use) but never below (no THROTTLED).
 *
 * The model is conservative on purpose: a level read from a response is dated at the response's
 * arrival, so the network time it took only adds refill we do not count.
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostBudgetStats {
  /** Total milliseconds spent waiting for the bucket. */
  waitedMs: number;
  requests: number;
}

/** Shopify refuses any single query above this cost (MAX_COST_EXCEEDED). */
export const MAX_QUERY_COST = 1000;

export class CostBudget {
  private level = 0;
  private at = 0;
  private status: ThrottleStatus | undefined;
  /** Cost of requests in flight, which a level reported meanwhile may not include yet. */
  private inFlight = 0;
  private readonly costs = new Map<string, number>();
  readonly stats: CostBudgetStats = { waitedMs: 0, requests: 0 };

  constructor(
    private readonly clock: Clock = systemClock,
    /** Points kept in reserve against rounding between our model and the server's. */
    private readonly margin = 1,
  ) {}

  /** The bucket's modelled level now, or undefined before the first response. */
  available(now = this.clock.now()): number | undefined {
    if (!this.status) return undefined;
    const refilled = this.level + ((now - this.at) * this.status.restoreRate) / 1000;
    return Math.min(this.status.maximumAvailable, refilled);
  }

  /**
   * The last requested cost seen for a document, the best guess of its next cost. A document not
   * sent yet is assumed to cost the most a query may (1000): guessing low sends it into a bucket
   * that may not hold it, which is a THROTTLED response.
   */
  estimate(key: string): number {
    return this.costs.get(key) ?? MAX_QUERY_COST;
  }

  /**
   * Waits until the bucket holds `cost` (capped at the bucket size, or the wait would be endless),
   * then reserves it. Returns a release function to call when the response (or failure) arrives.
   */
  async acquire(cost: number): Promise<() => void> {
    this.stats.requests += 1;
    for (;;) {
      const status = this.status;
      const now = this.clock.now();
      const level = this.available(now);
      if (!status || level === undefined) break;
      const need = Math.min(cost + this.margin, status.maximumAvailable);
      if (level >= need) {
        // Taken from the model now, as the server will take it when the query arrives.
        this.level = level - Math.min(cost, status.maximumAvailable);
        this.at = now;
        break;
      }
      const waitMs = Math.max(1, Math.ceil(((need - level) * 1000) / status.restoreRate));
      this.stats.waitedMs += waitMs;
      await this.clock.sleep(waitMs);
    }
    this.inFlight += cost;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= cost;
    };
  }

  /** Records what a response reported: the bucket's level and the document's requested cost. */
  observe(key: string, requestedCost: number | undefined, status: ThrottleStatus | undefined) {
    if (requestedCost !== undefined) this.costs.set(key, requestedCost);
    if (!status) return;
    this.status = status;
    // The report already counts this response's query; others still in flight it may not.
    this.level = status.currentlyAvailable - this.inFlight;
    this.at = this.clock.now();
  }

  /** Milliseconds until the bucket holds `cost`; used to time a retry after THROTTLED. */
  refillDelay(cost: number): number {
    const level = this.available();
    if (!this.status || level === undefined) return 1000;
    const need = Math.min(cost + this.margin, this.status.maximumAvailable);
    return Math.max(0, Math.ceil(((need - level) * 1000) / this.status.restoreRate));
  }
}
