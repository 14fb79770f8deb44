import { KafkaStream } from './kafka';
import { MemoryStream } from './memory';
import type { Stream } from './stream';

/** Kafka when brokers are configured; otherwise the in-process stream of the embedded mode. */
export function connectStream(options: { kafkaBrokers?: string; clientId: string }): Stream {
  if (options.kafkaBrokers) {
    return new KafkaStream({
      brokers: options.kafkaBrokers.split(','),
      clientId: options.clientId,
    });
  }
  return new MemoryStream();
}
