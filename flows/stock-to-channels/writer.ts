import { createHash } from 'node:crypto';
import {
  MAX_QUANTITIES,
  type QuantityWrite,
  type SetAvailableInput,
  type SetAvailableResult,
} from '../../connectors/shopify/inventory';

/**
 * Gathers the writes of the variants being synced at the same moment into one
 * inventorySetQuantities call of up to 250 quantities: a mutation costs 10 points whatever it
 * carries, so a stock count touching thousands of SKUs costs calls in the tens, not thousands.
 * Shopify's call is all or nothing; when it names stale or refused quantities, their variants are
 * told so and the others go again in the next call.
 */
export type WriteOutcome =
  | { state: 'applied'; adjustmentGroupId: string | null }
  /** Someone (a sale) moved Shopify's available since it was read: re-read and decide again. */
  | { state: 'stale' }
  | { state: 'refused'; message: string; code: string | null };

export interface InventorySetter {
  setAvailable(input: SetAvailableInput): Promise<SetAvailableResult>;
}

interface Submission {
  writes: QuantityWrite[];
  reference: string;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

export class StockWriter {
  private queue: Submission[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly inventory: InventorySetter,
    /**
     * How long the first write waits for others to join its call. The runs of one batch of keys
     * reach the writer a few milliseconds apart (each reads the store first); a short wait puts
     * them in one call, for the price of those milliseconds of latency.
     */
    private readonly lingerMs = 10,
    private readonly reason = 'correction',
  ) {}

  /** Writes one variant's quantities (with their compareQuantity), batched with whatever waits. */
  write(writes: QuantityWrite[], reference: string): Promise<WriteOutcome> {
    if (writes.length > MAX_QUANTITIES) {
      return Promise.reject(new RangeError(`at most ${MAX_QUANTITIES} quantities a variant`));
    }
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ writes, reference, resolve, reject });
      if (!this.flushing && !this.scheduled) {
        this.scheduled = true;
        setTimeout(() => {
          this.scheduled = false;
          void this.flush();
        }, this.lingerMs);
      }
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        await this.send(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private take(): Submission[] {
    const batch: Submission[] = [];
    let size = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Submission;
      if (batch.length > 0 && size + next.writes.length > MAX_QUANTITIES) break;
      batch.push(next);
      size += next.writes.length;
      this.queue.shift();
    }
    return batch;
  }

  private async send(batch: Submission[]): Promise<void> {
    const owners = batch.flatMap((s) => s.writes.map(() => s));
    let result: SetAvailableResult;
    try {
      result = await this.inventory.setAvailable({
        reason: this.reason,
        referenceDocumentUri: referenceOf(batch),
        quantities: batch.flatMap((s) => s.writes),
      });
    } catch (error) {
      for (const s of batch) s.reject(error);
      return;
    }
    if (result.applied) {
      for (const s of batch)
        s.resolve({ state: 'applied', adjustmentGroupId: result.adjustmentGroupId });
      return;
    }
    const settled = new Set<Submission>();
    for (const index of result.stale) {
      const owner = owners[index];
      if (owner && !settled.has(owner)) {
        settled.add(owner);
        owner.resolve({ state: 'stale' });
      }
    }
    for (const refusal of result.refusals) {
      const index = Number((refusal.field ?? [])[(refusal.field ?? []).indexOf('quantities') + 1]);
      const owner = (refusal.field ?? []).includes('quantities') ? owners[index] : undefined;
      // A refusal of the call itself (its reason, its name) is every variant's.
      for (const s of owner ? [owner] : batch) {
        if (settled.has(s)) continue;
        settled.add(s);
        s.resolve({ state: 'refused', message: refusal.message, code: refusal.code });
      }
    }
    // Nothing was written: the rest go again, first in line.
    const rest = batch.filter((s) => !settled.has(s));
    if (rest.length === batch.length) {
      for (const s of rest) s.reject(new Error('Shopify refused the call without saying why'));
      return;
    }
    this.queue.unshift(...rest);
  }
}

/** One variant's own reference; a batch's names its members' by digest (URIs stay short). */
function referenceOf(batch: Submission[]): string {
  if (batch.length === 1) return (batch[0] as Submission).reference;
  const digest = createHash('sha256')
    .update(batch.map((s) => s.reference).join('\n'))
    .digest('hex')
    .slice(0, 24);
  return `plexus://erp/stock/batch/${digest}`;
}
