import { KafkaStream } from './kafka';
import { MemoryStream } from './memory';
import type { KafkaSecurity } from './kafka/security';
import type { Stream } from './stream';

/** Kafka when brokers are configured; otherwise the in-process stream of the embedded mode. */
export function connectStream(options: {
  kafkaBrokers?: string;
  clientId: string;
  security?: KafkaSecurity;
}): Stream {
  if (options.kafkaBrokers) {
    return new KafkaStream({
      brokers: options.kafkaBrokers.split(','),
      clientId: options.clientId,
      security: options.security,
    });
  }
  return new MemoryStream();
}
