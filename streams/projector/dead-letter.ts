import { dlqTopic } from '../../schema/events';
import type { IncomingMessage, StreamProducer } from '../stream';

export interface Poison {
  message: IncomingMessage;
  reason: string;
}

/**
 * Sends poison messages to `<topic>.dlq` with the original bytes and enough headers to find and
 * replay them. The caller awaits this before committing offsets, so a poison message is never
 * dropped: it is either in the DLQ or will be delivered again.
 */
export async function sendToDeadLetters(
  producer: StreamProducer,
  poisons: Poison[],
): Promise<void> {
  const byTopic = new Map<string, Poison[]>();
  for (const poison of poisons) {
    const list = byTopic.get(poison.message.topic) ?? [];
    list.push(poison);
    byTopic.set(poison.message.topic, list);
  }
  for (const [topic, list] of byTopic) {
    await producer.send(
      dlqTopic(topic),
      list.map(({ message, reason }) => ({
        key: message.key ?? '',
        value: message.value ?? '',
        headers: {
          ...message.headers,
          'x-plexus-error': reason.slice(0, 2_000),
          'x-plexus-original-topic': message.topic,
          'x-plexus-original-partition': String(message.partition),
          'x-plexus-original-offset': message.offset,
          'x-plexus-failed-at': new Date().toISOString(),
        },
      })),
    );
  }
}
