/**
 * A bounded memory of recently seen ids with a time to live: Shopify redelivers (at least once,
 * retries over 4 hours), so a delivery id seen within the TTL is a duplicate. Bounded so a flood
 * cannot grow it without limit; the oldest ids go first. Duplicates that slip past (after a
 * restart, or beyond the TTL) are harmless downstream: the projector's version gate drops them.
 */
export class SeenIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity = 50_000,
    private readonly ttlMs = 5 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `id` was seen within the TTL; otherwise remembers it and returns false. */
  checkAndAdd(id: string): boolean {
    const t = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && t - at < this.ttlMs) return true;
    this.seen.delete(id);
    this.seen.set(id, t);
    // Insertion order is age order: evict from the front.
    for (const [oldest, when] of this.seen) {
      if (this.seen.size <= this.capacity && t - when < this.ttlMs) break;
      this.seen.delete(oldest);
    }
    return false;
  }

  /** Forgets an id, so that a delivery we failed to enqueue can be accepted when retried. */
  forget(id: string): void {
    this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }
}
