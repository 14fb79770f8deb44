// A leaky bucket that serves both kinds of vendor limits: request counts (take 1 per request, e.g.
// Business Central's 6,000 per 5 minutes) and Shopify's cost points (take the query's cost).
// The clock is injectable so tests can move time instead of sleeping.
export type Clock = () => number;

export interface LeakyBucketOptions {
  /** Most points the bucket can hold. */
  capacity: number;
  /** Points restored per second. */
  restoreRate: number;
  clock?: Clock;
}

export class LeakyBucket {
  readonly capacity: number;
  readonly restoreRate: number;
  private readonly clock: Clock;
  private level: number;
  private at: number;

  constructor(options: LeakyBucketOptions) {
    if (options.capacity <= 0 || options.restoreRate <= 0) {
      throw new Error('capacity and restoreRate must be positive');
    }
    this.capacity = options.capacity;
    this.restoreRate = options.restoreRate;
    this.clock = options.clock ?? Date.now;
    this.level = options.capacity;
    this.at = this.clock();
  }

  /** Points available now (fractional: restoring is continuous). */
  available(): number {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.at) / 1000;
    this.level = Math.min(this.capacity, this.level + elapsed * this.restoreRate);
    this.at = now;
    return this.level;
  }

  /** Takes `points` if they are all there; otherwise takes nothing and returns false. */
  tryTake(points: number): boolean {
    if (this.available() < points) return false;
    this.level -= points;
    return true;
  }

  /** Gives back points charged in advance but not used (Shopify refunds requested − actual). */
  refund(points: number): void {
    this.available();
    this.level = Math.min(this.capacity, this.level + Math.max(0, points));
  }

  /** Milliseconds until `points` will be available (0 if they are now); for Retry-After. */
  msUntil(points: number): number {
    const missing = points - this.available();
    return missing <= 0 ? 0 : Math.ceil((missing / this.restoreRate) * 1000);
  }
}

/** A request-count limit ("N requests per W seconds") as a bucket's capacity and restore rate. */
export function perWindow(requests: number, windowSeconds: number): LeakyBucketOptions {
  return { capacity: requests, restoreRate: requests / windowSeconds };
}
