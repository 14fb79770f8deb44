import type { ShopifyPaymentsReader } from '../../connectors/shopify/payments';
import { errorMessage } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Ledger } from '../ledger';

/**
 * Payouts are not in the store (no webhook or canonical topic carries them), so they are polled:
 * newest first, until a payout the ledger already has done. The ledger is the checkpoint: a payout
 * is queued as `payout:<id>` until its deposit is done, so a crash or a failed poll loses nothing
 * and a payout still SCHEDULED is looked at again next time.
 */
export class PayoutPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly options: {
      payments: ShopifyPaymentsReader;
      ledger: Ledger;
      logger: Logger;
      intervalMs: number;
      /** Told after keys were queued (the runner looks at its ledger now). */
      onQueued?: () => void;
    },
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.poll()
        .then(() => undefined)
        .finally(() => {
          if (!this.abort.signal.aborted) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; returns the payout keys queued. Failures are logged once per change of state. */
  async poll(): Promise<string[]> {
    const { payments, ledger, logger } = this.options;
    try {
      const queued: string[] = [];
      let after: string | null = null;
      pages: for (;;) {
        const page = await payments.payouts(after, this.abort.signal);
        for (const payout of page.payouts) {
          const key = `payout:${payout.legacyResourceId}`;
          const run = await ledger.get('money-to-books', key);
          if (run?.state === 'done') break pages;
          if (!run || run.state === 'skipped') queued.push(key);
        }
        if (!page.hasNextPage || !page.endCursor) break;
        after = page.endCursor;
      }
      if (queued.length) {
        await ledger.markPending('money-to-books', queued);
        this.options.onQueued?.();
      }
      if (this.failing) logger.info('Shopify payouts readable again');
      this.failing = false;
      return queued;
    } catch (error) {
      if (!this.failing && !this.abort.signal.aborted) {
        logger.warn({ err: errorMessage(error) }, 'Shopify payouts unreadable; will poll again');
      }
      this.failing = true;
      return [];
    }
  }
}
