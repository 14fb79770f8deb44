import type { Progress } from '../common/progress';
import { qboInstant } from './client';
import { getWatermark, publish, setWatermark, toEvents, type ConnectorContext } from './context';
import { readPages, type PageState } from './pages';
import { QBO_ENTITIES, type QboEntity } from './vendor';

/**
 * The backfill: every entity through the query language, page by page (pages.ts), publishing as
 * it goes. After each page the entity's place is saved, so a restart resumes there; the saved
 * place remembers `since` too, and a backfill with another `since` starts over. Items come first:
 * they are not published, but invoice lines need their SKUs.
 *
 * When no CDC watermark exists yet, the backfill's start (the server's clock) becomes it, so the
 * incremental poll picks up whatever changed while the backfill ran.
 */

interface EntityCheckpoint extends PageState {
  since: string | null;
  done: boolean;
}

export interface BackfillOptions {
  /** Only records changed after this instant (ISO). */
  since?: string;
  /** Ignore saved places and read everything again. */
  restart?: boolean;
  pageSize?: number;
  progress?: Progress;
  signal?: AbortSignal;
  /** Entities to read (default all); for the 30-day fallback of the CDC poll. */
  entities?: readonly QboEntity[];
  /** Checkpoint key prefix, so the CDC fallback does not share the backfill's places. */
  keyPrefix?: string;
}

export interface BackfillResult {
  records: number;
  pages: number;
  /** The server's clock when the backfill began (ISO). */
  startedAt: string;
}

export const lastUpdatedAfter = (since: string): string =>
  `MetaData.LastUpdatedTime > '${qboInstant(Date.parse(since))}'`;

/** The server's clock (every answer carries it), else ours. */
export async function serverTime(ctx: ConnectorContext): Promise<string> {
  const { time } = await ctx.client.count('Customer');
  return new Date(time ? Date.parse(time) : ctx.clock.now()).toISOString();
}

async function startOf(
  ctx: ConnectorContext,
  prefix: string,
  since: string | null,
  restart: boolean,
): Promise<string> {
  const key = `${prefix}startedAt`;
  const saved = restart ? undefined : await ctx.checkpoints.get(key);
  const parsed = saved ? (JSON.parse(saved) as { since: string | null; at: string }) : undefined;
  if (parsed && parsed.since === since) return parsed.at;
  const at = await serverTime(ctx);
  await ctx.checkpoints.set(key, JSON.stringify({ since, at }));
  return at;
}

async function expectRecords(ctx: ConnectorContext, options: BackfillOptions, where?: string) {
  if (!options.progress) return;
  try {
    for (const entity of options.entities ?? QBO_ENTITIES) {
      options.progress.expect((await ctx.client.count(entity, where)).count);
    }
  } catch (error) {
    ctx.logger.debug({ err: error }, 'QuickBooks counts unavailable; progress shows no ETA');
  }
}

export async function runBackfill(
  ctx: ConnectorContext,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const prefix = options.keyPrefix ?? 'backfill:';
  const since = options.since ?? null;
  const where = since === null ? undefined : lastUpdatedAfter(since);
  const startedAt = await startOf(ctx, prefix, since, options.restart ?? false);
  await expectRecords(ctx, options, where);
  const result: BackfillResult = { records: 0, pages: 0, startedAt };
  for (const entity of options.entities ?? QBO_ENTITIES) {
    if (options.signal?.aborted) break;
    const key = `${prefix}${entity}`;
    const saved = options.restart ? undefined : await ctx.checkpoints.get(key);
    const checkpoint = saved ? (JSON.parse(saved) as EntityCheckpoint) : undefined;
    const resumable = checkpoint && checkpoint.since === since;
    if (resumable && checkpoint.done) continue;
    if (resumable) ctx.logger.info({ entity }, 'QuickBooks backfill resumes from its checkpoint');
    const pages = readPages(ctx, {
      entity,
      ...(where ? { where } : {}),
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(resumable ? { state: { position: checkpoint.position, lastId: checkpoint.lastId } } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for await (const page of pages) {
      result.records += await publish(ctx, await toEvents(ctx, entity, page.rows));
      result.pages += 1;
      options.progress?.tick(page.rows.length);
      const next: EntityCheckpoint = { since, ...page.state, done: page.done };
      await ctx.checkpoints.set(key, JSON.stringify(next));
    }
  }
  if (!options.signal?.aborted && !(await getWatermark(ctx))) await setWatermark(ctx, startedAt);
  return result;
}
