import { LRUCache } from 'lru-cache';

/** What Shopify reports in `extensions.cost.throttleStatus`, and what Plexus reports likewise. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export type Take =
  | { ok: true; status: ThrottleStatus }
  | { ok: false; status: ThrottleStatus; retryAfterMs: number };

export interface CostBucketOptions {
  /** Points a caller may spend at once (Shopify: 20 × the restore rate). */
  maximumAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
  /** Milliseconds; injected so tests can move time. */
  now?: () => number;
  /** Callers remembered; the least recent beyond this start again with a full bucket. */
  maxCallers?: number;
}

interface Level {
  available: number;
  at: number;
}

/**
 * Shopify's leaky bucket, one per caller key: a query must find its requested cost in the bucket
 * before it runs, the bucket refills at `restoreRate` points a second, and what a query did not use
 * (requested − actual) is refunded afterwards.
 */
export class CostBuckets {
  private readonly levels: LRUCache<string, Level>;
  private readonly now: () => number;

  constructor(private readonly options: CostBucketOptions) {
    this.now = options.now ?? Date.now;
    this.levels = new LRUCache({ max: options.maxCallers ?? 100_000 });
  }

  take(key: string, cost: number): Take {
    const level = this.level(key);
    if (cost <= level.available) {
      level.available -= cost;
      return { ok: true, status: this.status(level) };
    }
    const missing = cost - level.available;
    const retryAfterMs = Math.ceil((missing / this.options.restoreRate) * 1000);
    return { ok: false, status: this.status(level), retryAfterMs };
  }

  /** Gives back points a query was charged for but did not use. */
  refund(key: string, points: number): ThrottleStatus {
    const level = this.level(key);
    level.available = Math.min(
      this.options.maximumAvailable,
      level.available + Math.max(0, points),
    );
    return this.status(level);
  }

  private level(key: string): Level {
    const now = this.now();
    const level = this.levels.get(key);
    if (!level) {
      const fresh = { available: this.options.maximumAvailable, at: now };
      this.levels.set(key, fresh);
      return fresh;
    }
    const restored = (Math.max(0, now - level.at) / 1000) * this.options.restoreRate;
    level.available = Math.min(this.options.maximumAvailable, level.available + restored);
    level.at = now;
    return level;
  }

  private status(level: Level): ThrottleStatus {
    return {
      maximumAvailable: this.options.maximumAvailable,
      // Shopify reports whole points.
      currentlyAvailable: Math.floor(level.available),
      restoreRate: this.options.restoreRate,
    };
  }
}
