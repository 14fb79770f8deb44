import { errorMessage } from '../../lib/errors';
import { locationIds } from './backfill';
import { getWatermark, publish, raiseWatermark, type ConnectorContext } from './context';
import { inventoryLevelsAt, TOP_LEVEL, type PagedEntity } from './entities';
import type { ShopifyEntity } from './mapping';
import { laterOf, readPages, updatedSince } from './pages';

/**
 * The reconciliation poll: webhooks can be lost (Shopify says so and recommends polling), so every
 * interval each entity is re-read from its watermark (the newest updatedAt already published),
 * minus an overlap for clock skew and records committed late. Re-published records are harmless:
 * the projector's version gate drops what is not newer.
 */

export interface ReconcileOptions {
  intervalMs?: number;
  overlapMs?: number;
  /** Where to start an entity that has no watermark yet (no backfill ran). Default: now. */
  initialSince?: () => string;
}

export interface ReconcileResult {
  records: number;
  /** Entities whose pass failed this time (logged); the next pass tries them again. */
  failed: ShopifyEntity[];
}

async function pollEntity(
  ctx: ConnectorContext,
  entity: ShopifyEntity,
  specs: PagedEntity[],
  options: ReconcileOptions,
  signal: AbortSignal | undefined,
): Promise<number> {
  const watermark = await getWatermark(ctx, entity);
  if (!watermark) {
    // Nothing published yet: start watching from now (or the given instant), not from the dawn of
    // the store; history is the backfill's job.
    const start = options.initialSince?.() ?? new Date().toISOString();
    await raiseWatermark(ctx, entity, start);
    return 0;
  }
  const since = new Date(Date.parse(watermark) - (options.overlapMs ?? 60_000)).toISOString();
  let newest: string | undefined;
  let records = 0;
  for (const spec of specs) {
    const pages = readPages(ctx.client, spec, {
      search: updatedSince(since),
      ...(signal ? { signal } : {}),
    });
    for await (const page of pages) {
      records += await publish(ctx, page.events);
      newest = laterOf(newest, page.newest);
    }
  }
  await raiseWatermark(ctx, entity, newest);
  return records;
}

export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly options: ReconcileOptions = {},
  ) {}

  /**
   * One pass over every entity. Entities fail alone: one that cannot be read (and is logged) does
   * not keep the others from being reconciled.
   */
  async runOnce(): Promise<ReconcileResult> {
    const signal = this.abort.signal;
    const passes: [ShopifyEntity, () => Promise<PagedEntity[]>][] = [
      ...TOP_LEVEL.map((spec): [ShopifyEntity, () => Promise<PagedEntity[]>] => [
        spec.entity,
        async () => [spec as PagedEntity],
      ]),
      [
        'inventory-level',
        async () =>
          (await locationIds(this.ctx.client, signal)).map(
            (id) => inventoryLevelsAt(id, true) as PagedEntity,
          ),
      ],
    ];
    let records = 0;
    const failed: ShopifyEntity[] = [];
    for (const [entity, specs] of passes) {
      if (signal.aborted) break;
      try {
        records += await pollEntity(this.ctx, entity, await specs(), this.options, signal);
      } catch (error) {
        if (signal.aborted) break;
        failed.push(entity);
        this.ctx.logger.error(
          { entity, err: errorMessage(error) },
          'Shopify reconciliation failed',
        );
      }
    }
    return { records, failed };
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.current = this.runOnce()
        .then(
          (r) => r.records && this.ctx.logger.info(r, 'Shopify reconciliation published changes'),
        )
        .catch((error) => {
          if (!this.abort.signal.aborted) {
            this.ctx.logger.error({ err: errorMessage(error) }, 'Shopify reconciliation failed');
          }
        })
        .finally(() => {
          if (!this.abort.signal.aborted)
            this.timer = setTimeout(tick, this.options.intervalMs ?? 60_000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    clearTimeout(this.timer);
    await this.current;
  }
}
