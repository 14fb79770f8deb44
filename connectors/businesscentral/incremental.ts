import { errorMessage } from '../../lib/errors';
import { readCheckpoint } from './backfill';
import { changedAfter, type BcSet } from './client';
import { getWatermark, laterOf, publish, raiseWatermark, type BcContext } from './context';
import { firstPageUrl, readSet, SETS } from './sets';

/**
 * Incremental reads: `$filter=lastModifiedDateTime gt <watermark − overlap>` per set, the
 * watermark persisted per set. A webhook notification asks for a poll of its set; so does the
 * periodic reconciliation pass, which repairs lost notifications. Polls of one set never overlap:
 * a request while one runs queues one more, and requests while that one waits share it.
 * Re-published records are harmless: the projector's version gate drops what is not newer.
 */

export const POLLED_SETS: readonly BcSet[] = [
  'locations',
  'itemVariants',
  'items',
  'locationStocks',
  'customers',
  'salesOrders',
  'salesShipments',
];

export interface PollOptions {
  /** Look back this far behind the watermark (records committed late, clock skew). */
  overlapMs?: number;
  /** Where a set without a watermark (no backfill ran) starts. Default: now. */
  initialSince?: () => string;
}

export interface PollStats {
  polls: number;
  records: number;
}

export class Poller {
  private readonly waiting = new Map<BcSet, Promise<number>>();
  private readonly tail = new Map<BcSet, Promise<unknown>>();
  readonly stats: PollStats = { polls: 0, records: 0 };

  constructor(
    private readonly ctx: BcContext,
    private readonly options: PollOptions = {},
    private readonly signal?: AbortSignal,
  ) {}

  /** Polls `set` soon; resolves with the records published by that poll. */
  request(set: BcSet): Promise<number> {
    const waiting = this.waiting.get(set);
    if (waiting) return waiting;
    const previous = this.tail.get(set) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        this.waiting.delete(set);
        return this.poll(set);
      });
    this.waiting.set(set, next);
    this.tail.set(set, next);
    return next;
  }

  /** Resolves when no poll is running or queued. */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.tail.values()];
      await Promise.allSettled(pending);
      const now = [...this.tail.values()];
      if (now.length === pending.length && now.every((p, i) => p === pending[i])) return;
    }
  }

  private async poll(set: BcSet): Promise<number> {
    const { ctx } = this;
    const watermark = await getWatermark(ctx, set);
    if (!watermark) {
      const backfill = await readCheckpoint(ctx, set === 'itemVariants' ? 'items' : set);
      // The backfill sets the watermark when it is done; starting one now could skip changes
      // to records its pages have already passed.
      if (backfill && !backfill.done) return 0;
      const start = this.options.initialSince?.() ?? new Date(ctx.clock.now()).toISOString();
      await raiseWatermark(ctx, set, start);
      return 0;
    }
    const since = new Date(
      Date.parse(watermark) - (this.options.overlapMs ?? 30_000),
    ).toISOString();
    const reader = SETS[set];
    let newest: string | undefined;
    let records = 0;
    for await (const page of readSet(
      ctx,
      reader,
      firstPageUrl(ctx, reader, changedAfter(since)),
      this.signal,
    )) {
      records += await publish(ctx, page.events);
      newest = laterOf(newest, page.newest);
    }
    await raiseWatermark(ctx, set, newest);
    this.stats.polls += 1;
    this.stats.records += records;
    return records;
  }
}

export interface ReconcileResult {
  records: number;
  /** Sets whose pass failed this time (logged); the next pass tries them again. */
  failed: BcSet[];
}

/** The periodic pass over every set: each fails alone, and the next pass tries it again. */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: BcContext,
    private readonly poller: Poller,
    private readonly intervalMs: number,
  ) {}

  async runOnce(): Promise<ReconcileResult> {
    const results = await Promise.all(
      POLLED_SETS.map(async (set) => {
        try {
          return { set, records: await this.poller.request(set) };
        } catch (error) {
          if (!this.stopped) {
            this.ctx.logger.error(
              { set, err: errorMessage(error) },
              'Business Central poll failed',
            );
          }
          return { set, records: 0, failed: true };
        }
      }),
    );
    return {
      records: results.reduce((sum, r) => sum + r.records, 0),
      failed: results.filter((r) => 'failed' in r).map((r) => r.set),
    };
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      this.current = this.runOnce()
        .then((r) => {
          if (r.records) this.ctx.logger.info(r, 'Business Central poll published changes');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}
