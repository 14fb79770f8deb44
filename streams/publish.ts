import type { ChangeEvent } from '../schema/events';
import { encodeEvent, eventTopic } from './codec';
import type { OutgoingMessage, StreamProducer } from './stream';

/**
 * Publishes change events to their topics (`<namespace>.<source>.<entity>.v1`, namespace `plexus`
 * unless told otherwise), in chunks. A record's events stay in their order: they share a topic and
 * a key, and each topic's messages are sent in the order they came. Accepts a generator, so a
 * large dataset never has to be held whole.
 */

export const DEFAULT_CHUNK_SIZE = 1000;

/** Returns the number of events sent. encodeEvent throws on an invalid event: that is a bug. */
export async function publishEvents(
  producer: StreamProducer,
  events: Iterable<ChangeEvent>,
  /** Without a namespace (or with `undefined`, as a connector without one passes), `plexus`. */
  options: { chunkSize?: number; namespace?: string | undefined } = {},
): Promise<number> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const pending = new Map<string, OutgoingMessage[]>();
  let sent = 0;
  for (const event of events) {
    const topic = eventTopic(event, options.namespace);
    let messages = pending.get(topic);
    if (!messages) pending.set(topic, (messages = []));
    messages.push(encodeEvent(event));
    if (messages.length >= chunkSize) {
      pending.set(topic, []);
      await producer.send(topic, messages);
      sent += messages.length;
    }
  }
  for (const [topic, messages] of pending) {
    if (!messages.length) continue;
    await producer.send(topic, messages);
    sent += messages.length;
  }
  return sent;
}
