import { publishEvents } from '../../streams/publish';
import type { Logger } from '../../lib/logger';
import type { ChangeEvent } from '../../schema/events';
import type { StreamProducer } from '../../streams/stream';
import type { CheckpointStore } from '../common/checkpoint';
import type { Clock } from '../common/clock';
import type { HubSpotClient } from './client';
import { upsertEvent, type MappingContext } from './mapping';
import type { HubObject, ObjectSpec, ObjectType } from './objects';

/** What backfill, the search poll and the webhook worker share. */
export interface ConnectorContext {
  client: HubSpotClient;
  producer: StreamProducer;
  namespace?: string;
  checkpoints: CheckpointStore;
  logger: Logger;
  clock: Clock;
  specs: Record<ObjectType, ObjectSpec>;
  defaultCurrency: string;
  shopifyIdProperty?: string;
  /** Owner emails, read at most once per OWNERS_TTL_MS. */
  owners?: { at: number; emails: Map<string, string> };
}

const OWNERS_TTL_MS = 10 * 60_000;

export const publish = (ctx: ConnectorContext, events: ChangeEvent[]): Promise<number> =>
  publishEvents(ctx.producer, events, { namespace: ctx.namespace });

async function mappingContext(ctx: ConnectorContext): Promise<MappingContext> {
  const now = ctx.clock.now();
  if (!ctx.owners || now - ctx.owners.at > OWNERS_TTL_MS) {
    ctx.owners = { at: now, emails: await ctx.client.owners() };
  }
  return {
    owners: ctx.owners.emails,
    defaultCurrency: ctx.defaultCurrency,
    ...(ctx.shopifyIdProperty ? { shopifyIdProperty: ctx.shopifyIdProperty } : {}),
  };
}

/** Ids from a v3 read's inline `associations` (primary and unlabeled types name the same id). */
function inlineAssociations(o: HubObject, to: ObjectType): string[] | undefined {
  const block = o.associations?.[to];
  if (!block) return undefined;
  return [...new Set(block.results.map((r) => r.id))].sort((a, b) => Number(a) - Number(b));
}

/**
 * Fills `associatedIds` for the types whose payload needs them. List reads carry them inline
 * (an object without the block has none); search and batch read do not, so theirs are read with
 * the v4 batch endpoint, up to 1000 objects per request.
 */
export async function withAssociations(
  ctx: ConnectorContext,
  spec: ObjectSpec,
  objects: HubObject[],
  inline: boolean,
): Promise<HubObject[]> {
  const to = spec.associated;
  if (!to || objects.length === 0) return objects;
  if (inline) return objects.map((o) => ({ ...o, associatedIds: inlineAssociations(o, to) ?? [] }));
  const read = await ctx.client.associations(
    spec.type,
    objects.map((o) => o.id),
    to,
  );
  return objects.map((o) => ({ ...o, associatedIds: read.get(o.id) ?? [] }));
}

/** Maps and publishes upserts; returns the number published. */
export async function publishObjects(
  ctx: ConnectorContext,
  spec: ObjectSpec,
  objects: HubObject[],
): Promise<number> {
  if (!objects.length) return 0;
  const mapping = await mappingContext(ctx);
  return publish(
    ctx,
    objects.map((o) => upsertEvent(spec.entity, o, mapping)),
  );
}

const watermarkKey = (kind: 'modified' | 'deleted', type: ObjectType) =>
  `watermark:${kind}:${type}`;

/** The newest change already published (epoch ms), per object type. */
export async function getWatermark(
  ctx: ConnectorContext,
  kind: 'modified' | 'deleted',
  type: ObjectType,
): Promise<number | undefined> {
  const saved = await ctx.checkpoints.get(watermarkKey(kind, type));
  const ms = saved === undefined ? NaN : Number(saved);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Moves a watermark forward only, never back. */
export async function raiseWatermark(
  ctx: ConnectorContext,
  kind: 'modified' | 'deleted',
  type: ObjectType,
  seen: number | undefined,
): Promise<void> {
  if (seen === undefined) return;
  const current = await getWatermark(ctx, kind, type);
  if (current === undefined || seen > current) {
    await ctx.checkpoints.set(watermarkKey(kind, type), String(seen));
  }
}
