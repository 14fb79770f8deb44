import { changedAt } from '../../demo/events';
import { publishEvents } from '../../streams/publish';
import { SOURCE_TOPICS, type ChangeEvent } from '../../schema/events';
import { createEvent } from '../../streams/codec';
import type { Stream } from '../../streams/stream';

/** One upsert per source topic, from the coherent examples of schema/events/examples.ts. */
export function exampleEvents(): ChangeEvent[] {
  return SOURCE_TOPICS.map(({ source, entity, example }) => {
    const at = changedAt(example);
    return createEvent({
      source,
      entity,
      op: 'upsert',
      sourceId: String(example.id),
      version: Date.parse(at),
      occurredAt: at,
      payload: example,
    });
  });
}

/** A later version of an event, with changes to its payload. */
export function nextVersion(
  event: ChangeEvent,
  patch: Record<string, unknown>,
  step = 1_000,
): ChangeEvent {
  const version = event.version + step;
  return createEvent({
    source: event.source,
    entity: event.entity,
    op: 'upsert',
    sourceId: event.sourceId,
    version,
    occurredAt: new Date(version).toISOString(),
    payload: { ...(event.payload ?? {}), ...patch },
  });
}

/** Publishes events on the topics of `namespace`, in their order within each topic. */
export async function publish(
  stream: Stream,
  events: ChangeEvent[],
  namespace = 'plexus',
): Promise<void> {
  const producer = await stream.producer();
  try {
    await publishEvents(producer, events, { namespace });
  } finally {
    await producer.disconnect();
  }
}
