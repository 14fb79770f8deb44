import { publishEvents } from '../../streams/publish';
import type { Logger } from '../../lib/logger';
import type { ChangeEvent } from '../../schema/events';
import type { StreamProducer } from '../../streams/stream';
import type { CheckpointStore } from '../common/checkpoint';
import type { Clock } from '../common/clock';
import type { BcClient, BcSet } from './client';
import type { BusinessCentralConfig } from './config';
import type { Lookups } from './lookups';

/** What backfill, polling and the webhook worker share. */
export interface BcContext {
  client: BcClient;
  producer: StreamProducer;
  namespace?: string;
  checkpoints: CheckpointStore;
  logger: Logger;
  config: BusinessCentralConfig;
  lookups: Lookups;
  clock: Clock;
  counters: BcCounters;
}

export interface BcCounters {
  published: number;
  /** Records BC served that failed validation: logged with their id and skipped. */
  invalid: number;
  deletes: number;
}

export async function publish(ctx: BcContext, events: ChangeEvent[]): Promise<number> {
  const sent = await publishEvents(ctx.producer, events, { namespace: ctx.namespace });
  ctx.counters.published += sent;
  return sent;
}

/** The later of two instants (either may be missing). */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

const watermarkKey = (set: BcSet) => `watermark:${set}`;

/** The newest lastModifiedDateTime published for a set: where polling reads from next. */
export const getWatermark = (ctx: BcContext, set: BcSet) => ctx.checkpoints.get(watermarkKey(set));

/** Moves the watermark forward only, never back. */
export async function raiseWatermark(
  ctx: BcContext,
  set: BcSet,
  seen: string | undefined,
): Promise<void> {
  if (!seen) return;
  const current = await getWatermark(ctx, set);
  const next = laterOf(current, seen);
  if (next && next !== current) await ctx.checkpoints.set(watermarkKey(set), next);
}
