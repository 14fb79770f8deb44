import type { ChangeEvent, Source, SourceEntity, SourcePayloads } from '../schema/events';
import { createRandom, epochOf, isoAt } from './random';

/**
 * Turns demo payloads into change events. The version is the payload's own changed-at instant in
 * epoch milliseconds, as the contract asks of real connectors. The generated history takes its
 * event ids from a seeded source instead of crypto.randomUUID(), so the same seed gives
 * byte-identical events (and republishing it is a redelivery, not new events).
 */

type Stamped = Record<string, unknown> & { id: string };

export class EventMaker {
  /** `newId` makes event ids: seeded for a reproducible history, random for live changes. */
  constructor(private readonly newId: () => string) {}

  static seeded(seed: number): EventMaker {
    const random = createRandom(seed);
    return new EventMaker(() => random.uuid());
  }

  /** An upsert of `payload`, typed by topic: the payload must match `source` and `entity`. */
  upsert<S extends Source, E extends SourceEntity<S>>(
    source: S,
    entity: E,
    payload: SourcePayloads[S][E],
  ): ChangeEvent;
  upsert(source: Source, entity: string, payload: Stamped): ChangeEvent {
    const occurredAt = changedAt(payload);
    return {
      eventId: this.newId(),
      source,
      entity,
      op: 'upsert',
      sourceId: payload.id,
      version: epochOf(occurredAt),
      occurredAt,
      payload,
    };
  }

  remove(source: Source, entity: string, sourceId: string, at: number): ChangeEvent {
    return {
      eventId: this.newId(),
      source,
      entity,
      op: 'delete',
      sourceId,
      version: at,
      occurredAt: isoAt(at),
      payload: null,
    };
  }
}

/** Every source payload carries its last change as `updatedAt` (or the ERP's name for it). */
export function changedAt(payload: object): string {
  if ('updatedAt' in payload && typeof payload.updatedAt === 'string') return payload.updatedAt;
  if ('lastModifiedDateTime' in payload && typeof payload.lastModifiedDateTime === 'string') {
    return payload.lastModifiedDateTime;
  }
  throw new Error('payload has no updatedAt or lastModifiedDateTime');
}

/** Source timestamps have whole seconds. */
export const toSecond = (epochMs: number): number => Math.floor(epochMs / 1000) * 1000;

/**
 * The instant of the next change of a record: `at`, but at least a second after its last change,
 * so its version always rises even when two changes fall in the same second.
 */
export function after(payload: object, at: number): number {
  return Math.max(toSecond(at), epochOf(changedAt(payload)) + 1000);
}
