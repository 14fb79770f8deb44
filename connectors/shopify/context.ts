import { publishEvents } from '../../streams/publish';
import type { Logger } from '../../lib/logger';
import type { ChangeEvent } from '../../schema/events';
import type { StreamProducer } from '../../streams/stream';
import type { CheckpointStore } from '../common/checkpoint';
import type { ShopifyClient } from './client';
import type { ShopifyEntity } from './mapping';
import { laterOf } from './pages';

/** What backfill, reconciliation and the webhook worker share. */
export interface ConnectorContext {
  client: ShopifyClient;
  producer: StreamProducer;
  namespace?: string;
  checkpoints: CheckpointStore;
  logger: Logger;
}

export const publish = (ctx: ConnectorContext, events: ChangeEvent[]): Promise<number> =>
  publishEvents(ctx.producer, events, { namespace: ctx.namespace });

const watermarkKey = (entity: ShopifyEntity) => `watermark:${entity}`;

/** The newest updatedAt published for an entity: where reconciliation reads from next. */
export const getWatermark = (ctx: ConnectorContext, entity: ShopifyEntity) =>
  ctx.checkpoints.get(watermarkKey(entity));

/** Moves the watermark forward only, never back. */
export async function raiseWatermark(
  ctx: ConnectorContext,
  entity: ShopifyEntity,
  seen: string | undefined,
): Promise<void> {
  if (!seen) return;
  const current = await getWatermark(ctx, entity);
  const next = laterOf(current, seen);
  if (next && next !== current) await ctx.checkpoints.set(watermarkKey(entity), next);
}
