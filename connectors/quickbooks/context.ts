import { publishEvents } from '../../streams/publish';
import type { Logger } from '../../lib/logger';
import type { ChangeEvent } from '../../schema/events';
import type { StreamProducer } from '../../streams/stream';
import type { CheckpointStore } from '../common/checkpoint';
import type { Clock } from '../common/clock';
import { SeenIds } from '../common/dedupe';
import { quote, type QboClient } from './client';
import { deleteEvent, ItemSkus, mapRecord, type MapContext } from './mapping';
import { deletedSchema, type QboEntity, itemSchema } from './vendor';

/** What backfill, the CDC poll and the webhook worker share. */
export interface ConnectorContext extends MapContext {
  client: QboClient;
  producer: StreamProducer;
  namespace?: string;
  checkpoints: CheckpointStore;
  logger: Logger;
  clock: Clock;
  /** Events published lately, so overlapping reads (webhook, poll, overlap) go out once. */
  published: SeenIds;
  counters: PublishCounters;
}

export interface PublishCounters {
  published: number;
  deletes: number;
  /** Duplicates of an event published lately (same record, version and op). */
  duplicates: number;
  /** Records with no place in the contract (items, payouts without fees, receipts without customer). */
  skipped: number;
  /** Records that failed validation: logged with their id and left out. */
  invalid: number;
}

export const newCounters = (): PublishCounters => ({
  published: 0,
  deletes: 0,
  duplicates: 0,
  skipped: 0,
  invalid: 0,
});

export function newContext(
  fields: Omit<ConnectorContext, 'items' | 'published' | 'counters'>,
): ConnectorContext {
  return {
    ...fields,
    items: new ItemSkus(),
    published: new SeenIds(50_000, 60 * 60 * 1000, () => fields.clock.now()),
    counters: newCounters(),
  };
}

const eventKey = (e: ChangeEvent) => `${e.entity}:${e.sourceId}:${e.version}:${e.op}`;

/** Publishes the events not published lately (same record, version and op). */
export async function publish(ctx: ConnectorContext, events: ChangeEvent[]): Promise<number> {
  const fresh: ChangeEvent[] = [];
  const keys = new Set<string>();
  for (const event of events) {
    const key = eventKey(event);
    if (keys.has(key) || ctx.published.checkAndAdd(key)) {
      ctx.counters.duplicates += 1;
      continue;
    }
    keys.add(key);
    fresh.push(event);
  }
  if (!fresh.length) return 0;
  let sent: number;
  try {
    sent = await publishEvents(ctx.producer, fresh, { namespace: ctx.namespace });
  } catch (error) {
    // Not published after all: the next read must not take them for duplicates.
    for (const key of keys) ctx.published.forget(key);
    throw error;
  }
  ctx.counters.published += sent;
  ctx.counters.deletes += fresh.filter((e) => e.op === 'delete').length;
  return sent;
}

/** Reads items referenced by these records' lines that are not known yet, in one query. */
export async function learnItemsFor(ctx: ConnectorContext, records: readonly unknown[]) {
  const missing = ctx.items.missing(records);
  for (let i = 0; i < missing.length; i += 100) {
    const ids = missing.slice(i, i + 100);
    const page = await ctx.client.query(
      'Item',
      `select * from Item where Id in (${ids.map(quote).join(',')}) maxresults 1000`,
    );
    learnItems(ctx, page.rows);
  }
}

export function learnItems(ctx: ConnectorContext, rows: readonly unknown[]): void {
  for (const row of rows) {
    const item = itemSchema.safeParse(row);
    if (item.success) ctx.items.learn(item.data);
  }
}

/**
 * Maps a batch of one entity's records (CDC tombstones included) into events, counting what is
 * left out and why. Item SKUs are fetched first where lines need them.
 */
export async function toEvents(
  ctx: ConnectorContext,
  entity: QboEntity,
  rows: readonly unknown[],
): Promise<ChangeEvent[]> {
  if (entity === 'Item') {
    learnItems(ctx, rows);
    ctx.counters.skipped += rows.length;
    return [];
  }
  const live = rows.filter((r) => !deletedSchema.safeParse(r).success);
  if (live.length) await learnItemsFor(ctx, live);
  const events: ChangeEvent[] = [];
  for (const row of rows) {
    const deleted = deletedSchema.safeParse(row);
    if (deleted.success) {
      const event = deleteEvent(entity, deleted.data.Id, deleted.data.MetaData.LastUpdatedTime);
      if (event) events.push(event);
      continue;
    }
    const mapped = mapRecord(entity, row, ctx);
    if (mapped.kind === 'event') events.push(mapped.event);
    else if (mapped.kind === 'skip') ctx.counters.skipped += 1;
    else {
      ctx.counters.invalid += 1;
      const id = (row as { Id?: unknown } | null)?.Id;
      ctx.logger.warn(
        { entity, id: typeof id === 'string' ? id : undefined, reason: mapped.reason },
        'QuickBooks record left out: it does not match what the connector expects',
      );
    }
  }
  return events;
}

const WATERMARK_KEY = 'cdc:watermark';

/** The instant (ISO) up to which every change has been published: where CDC reads from next. */
export const getWatermark = (ctx: ConnectorContext) => ctx.checkpoints.get(WATERMARK_KEY);

export async function setWatermark(ctx: ConnectorContext, iso: string): Promise<void> {
  await ctx.checkpoints.set(WATERMARK_KEY, iso);
}

/** Moves the watermark forward only. */
export async function raiseWatermark(ctx: ConnectorContext, iso: string): Promise<void> {
  const current = await getWatermark(ctx);
  if (current && Date.parse(current) >= Date.parse(iso)) return;
  await setWatermark(ctx, iso);
}
