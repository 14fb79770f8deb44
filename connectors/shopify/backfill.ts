import type { ShopifyClient } from './client';
import { publish, raiseWatermark, type ConnectorContext } from './context';
import { COUNTS_QUERY, LOCATIONS_QUERY } from './documents';
import { inventoryLevelsAt, TOP_LEVEL, type PagedEntity } from './entities';
import { numericId } from './mapping';
import { laterOf, readPages, updatedSince } from './pages';
import type { Progress } from '../common/progress';
import type { LocationNode, Page } from './types';

/**
 * Paginated backfill, for small stores: every entity page by page at the pace the cost budget
 * allows. After each published page the cursor is saved, so a restart resumes at the next page.
 * The checkpoint remembers `since` too: a backfill with another `since` starts over.
 */

interface PagedCheckpoint {
  since: string | null;
  after: string | null;
  done: boolean;
}

export interface BackfillResult {
  records: number;
  pages: number;
}

export interface PagedBackfillOptions {
  since?: string;
  /** Ignore saved cursors and read everything again. */
  restart?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

async function backfillEntity(
  ctx: ConnectorContext,
  spec: PagedEntity,
  key: string,
  options: PagedBackfillOptions,
  result: BackfillResult,
): Promise<void> {
  const since = options.since ?? null;
  const saved = options.restart ? undefined : await ctx.checkpoints.get(key);
  const checkpoint: PagedCheckpoint | undefined = saved ? JSON.parse(saved) : undefined;
  const resumable = checkpoint && checkpoint.since === since;
  if (resumable && checkpoint.done) return;
  const after = resumable ? checkpoint.after : null;
  if (after) ctx.logger.info({ key }, 'Shopify backfill resumes from its checkpoint');
  let newest: string | undefined;
  const pages = readPages(ctx.client, spec, {
    search: updatedSince(since ?? undefined),
    after,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for await (const page of pages) {
    for (const warning of page.warnings) ctx.logger.warn({ entity: spec.entity }, warning);
    result.records += await publish(ctx, page.events);
    result.pages += 1;
    options.progress?.tick(page.events.length);
    newest = laterOf(newest, page.newest);
    const next: PagedCheckpoint = { since, after: page.endCursor, done: !page.hasNextPage };
    await ctx.checkpoints.set(key, JSON.stringify(next));
  }
  await ctx.checkpoints.set(key, JSON.stringify({ since, after: null, done: true }));
  await raiseWatermark(ctx, spec.entity, newest);
}

/** Every location id, active or not: inventory levels are read per location. */
export async function locationIds(client: ShopifyClient, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { locations: Page<Pick<LocationNode, 'id'>> } = await client.request(
      LOCATIONS_QUERY,
      { first: 50, after, query: null },
      signal,
    );
    ids.push(...data.locations.nodes.map((n) => n.id));
    if (!data.locations.pageInfo.hasNextPage) return ids;
    after = data.locations.pageInfo.endCursor;
  }
}

interface Counts {
  customersCount: { count: number } | null;
  ordersCount: { count: number } | null;
  productsCount: { count: number } | null;
  locationsCount: { count: number } | null;
}

/** Expected records, for the ETA. Best effort: without counts the progress line has no ETA. */
export async function expectedRecords(
  ctx: ConnectorContext,
  since?: string,
): Promise<number | undefined> {
  try {
    const c = await ctx.client.request<Counts>(COUNTS_QUERY, {
      query: updatedSince(since) ?? null,
    });
    return [c.customersCount, c.ordersCount, c.productsCount, c.locationsCount].reduce(
      (sum, x) => sum + (x?.count ?? 0),
      0,
    );
  } catch (error) {
    ctx.logger.debug({ err: error }, 'Shopify counts unavailable; progress shows no ETA');
    return undefined;
  }
}

export async function runPagedBackfill(
  ctx: ConnectorContext,
  options: PagedBackfillOptions = {},
): Promise<BackfillResult> {
  const result: BackfillResult = { records: 0, pages: 0 };
  for (const spec of TOP_LEVEL) {
    await backfillEntity(
      ctx,
      spec as PagedEntity,
      `backfill:paged:${spec.entity}`,
      options,
      result,
    );
  }
  // Levels carry their own updatedAt, but one watermark serves all locations: raise it last.
  for (const gid of await locationIds(ctx.client, options.signal)) {
    const key = `backfill:paged:inventory-level:${numericId(gid)}`;
    await backfillEntity(
      ctx,
      inventoryLevelsAt(gid, options.since !== undefined) as PagedEntity,
      key,
      options,
      result,
    );
  }
  return result;
}
