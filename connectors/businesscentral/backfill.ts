import type { Progress } from '../common/progress';
import { changedAfter, type BcSet } from './client';
import { laterOf, publish, raiseWatermark, type BcContext } from './context';
import { firstPageUrl, readSet, SETS } from './sets';

/**
 * The backfill: every set page by page (`Prefer: odata.maxpagesize`, `@odata.nextLink`). After
 * each published page the nextLink is saved, so a restart resumes at the next page. The
 * checkpoint remembers `since` too: a backfill with another `since` starts over.
 *
 * Locations come first (lines cite them), items read their variants as they start. When a set is
 * done its polling watermark is set to the newest change read, but never past the instant the set
 * started: a record changed while the pages went by keeps its place in the paging order, so the
 * first poll must look back that far.
 */

export const BACKFILL_ORDER: readonly BcSet[] = [
  'locations',
  'items',
  'locationStocks',
  'customers',
  'salesOrders',
  'salesShipments',
];

interface Checkpoint {
  since: string | null;
  next: string | null;
  done: boolean;
  startedAt: string;
}

export interface BackfillOptions {
  since?: string;
  /** Ignore saved checkpoints and read everything again. */
  restart?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface BackfillResult {
  records: number;
  pages: number;
}

export const backfillKey = (set: BcSet) => `backfill:${set}`;

export async function readCheckpoint(ctx: BcContext, set: BcSet): Promise<Checkpoint | undefined> {
  const saved = await ctx.checkpoints.get(backfillKey(set));
  if (!saved) return undefined;
  try {
    return JSON.parse(saved) as Checkpoint;
  } catch {
    ctx.logger.warn(
      { set },
      'Business Central backfill checkpoint unreadable; starting the set over',
    );
    return undefined;
  }
}

async function backfillSet(
  ctx: BcContext,
  set: BcSet,
  options: BackfillOptions,
  result: BackfillResult,
): Promise<void> {
  const since = options.since ?? null;
  const saved = options.restart ? undefined : await readCheckpoint(ctx, set);
  const resumable = saved && saved.since === since;
  if (resumable && saved.done) return;
  const startedAt = resumable ? saved.startedAt : new Date(ctx.clock.now()).toISOString();
  const reader = SETS[set];
  const url =
    (resumable && saved.next) || firstPageUrl(ctx, reader, changedAfter(since ?? undefined));
  if (resumable && saved.next) ctx.logger.info({ set }, 'Business Central backfill resumes');
  const save = (next: string | null, done: boolean) =>
    ctx.checkpoints.set(backfillKey(set), JSON.stringify({ since, next, done, startedAt }));
  await save(resumable ? saved.next : null, false);

  // Variants ride on items: read them all as the items start, and watch them from then on.
  let newestVariant: string | undefined;
  if (set === 'items') newestVariant = await ctx.lookups.loadVariants(ctx, true);

  let newest: string | undefined;
  for await (const page of readSet(ctx, reader, url, options.signal)) {
    result.records += await publish(ctx, page.events);
    result.pages += 1;
    options.progress?.tick(page.records);
    newest = laterOf(newest, page.newest);
    await save(page.nextLink ?? null, false);
  }
  await save(null, true);
  const notPast = (instant: string | undefined) =>
    instant && Date.parse(instant) < Date.parse(startedAt) ? instant : startedAt;
  await raiseWatermark(ctx, set, notPast(newest));
  if (set === 'items') await raiseWatermark(ctx, 'itemVariants', notPast(newestVariant));
}

export async function runBackfill(
  ctx: BcContext,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const result: BackfillResult = { records: 0, pages: 0 };
  for (const set of BACKFILL_ORDER) {
    if (options.signal?.aborted) break;
    await backfillSet(ctx, set, options, result);
  }
  return result;
}
