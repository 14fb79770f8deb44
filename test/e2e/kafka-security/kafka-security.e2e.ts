// Kafka security against a real broker: a broker of the test's own with SASL_PLAINTEXT and
// SASL_SSL listeners (scripts/kafka.sh --sasl), reached through Plexus's own stream client built
// the way every `plexus` command builds it: env → loadConfig → kafkaSecurity → connectStream.
// Never the shared broker: its listeners and users are not ours to change.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { connectStream } from '../../../streams/connect';
import { kafkaSecurity } from '../../../streams/kafka/security';
import type { IncomingMessage, Stream } from '../../../streams/stream';
import { describeWithKafka } from '../../helpers/infra';
import { randomName, waitFor } from '../../helpers/kafka';
import { startOwnKafka, type OwnKafka, type OwnKafkaSasl } from '../../helpers/own-kafka';

type Mechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** The environment an operator would set for this listener and mechanism. */
function envFor(
  sasl: OwnKafkaSasl,
  options: { mechanism?: Mechanism; tls: boolean; password?: string; trustCa?: boolean },
): Record<string, string> {
  const env: Record<string, string> = {
    KAFKA_BROKERS: `127.0.0.1:${options.tls ? sasl.sslPort : sasl.port}`,
  };
  if (options.mechanism) {
    env.KAFKA_SASL_MECHANISM = options.mechanism;
    env.KAFKA_SASL_USERNAME = sasl.username;
    env.KAFKA_SASL_PASSWORD = options.password ?? sasl.password;
  }
  if (options.tls) {
    env.KAFKA_SSL = 'true';
    if (options.trustCa ?? true) env.KAFKA_SSL_CA_FILE = sasl.caFile;
  }
  return env;
}

function streamFrom(env: Record<string, string>): Stream {
  const config = loadConfig(env);
  return connectStream({
    kafkaBrokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    security: kafkaSecurity(config),
  });
}

/** Produces one message and reads it back in a consumer group: a full round trip. */
async function roundTrip(stream: Stream): Promise<IncomingMessage> {
  const topic = randomName('kafka-security');
  await stream.ensureTopics([{ topic, partitions: 1 }]);
  const producer = await stream.producer();
  const value = randomName('value');
  await producer.send(topic, [{ key: 'k', value }]);
  const received: IncomingMessage[] = [];
  const consumer = await stream.consumer(randomName('kafka-security'));
  await consumer.subscribe([topic], { fromBeginning: true });
  await consumer.run({
    eachBatch: async (batch) => {
      received.push(...batch.messages);
    },
  });
  const message = await waitFor(() => received.find((m) => m.value === value), {
    timeoutMs: 60_000,
  });
  return message;
}

describeWithKafka('Kafka security (SASL, TLS) against a broker with SASL listeners', () => {
  let broker: OwnKafka;
  let sasl: OwnKafkaSasl;
  const streams: Stream[] = [];
  const open = (env: Record<string, string>) => {
    const stream = streamFrom(env);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    broker = await startOwnKafka({ sasl: true });
    if (!broker.sasl) throw new Error('startOwnKafka gave no SASL listeners');
    sasl = broker.sasl;
  }, 420_000);

  afterAll(async () => {
    await Promise.allSettled(streams.map((stream) => stream.close()));
    await broker?.destroy();
  }, 120_000);

  const cases: Array<{ mechanism: Mechanism; tls: boolean }> = [
    { mechanism: 'plain', tls: false },
    { mechanism: 'scram-sha-256', tls: false },
    { mechanism: 'scram-sha-512', tls: false },
    { mechanism: 'plain', tls: true },
    { mechanism: 'scram-sha-256', tls: true },
    { mechanism: 'scram-sha-512', tls: true },
  ];
  it.each(cases)(
    'produces and consumes with $mechanism (TLS: $tls) set from the environment',
    async ({ mechanism, tls }) => {
      const message = await roundTrip(open(envFor(sasl, { mechanism, tls })));
      expect(message.key).toBe('k');
    },
  );

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
    'refuses a wrong password with %s with an authentication error, not a hang',
    async (mechanism) => {
      const stream = open(envFor(sasl, { mechanism, tls: false, password: 'not-the-password' }));
      // Authentication failures are not retried by kafkajs: the first attempt's error comes back.
      await expect(stream.producer()).rejects.toMatchObject({
        name: 'KafkaJSSASLAuthenticationError',
        message: expect.stringMatching(/authentication failed/i),
      });
    },
  );

  it('gives a client without SASL nothing through the SASL listener', async () => {
    const stream = open(envFor(sasl, { tls: false }));
    // The broker answers ApiVersions before authentication and drops the connection at the next.
    const consumer = await stream.consumer(randomName('kafka-security'));
    await expect(consumer.subscribe([randomName('kafka-security')])).rejects.toMatchObject({
      name: 'KafkaJSConnectionClosedError',
    });
  });

  it('rejects the broker certificate when its CA is not trusted', async () => {
    const config = loadConfig(envFor(sasl, { mechanism: 'plain', tls: true, trustCa: false }));
    // A raw client without retries: Plexus's client retries connection errors ten times over.
    const kafka = new Kafka({
      clientId: 'kafka-security',
      brokers: [`127.0.0.1:${sasl.sslPort}`],
      ...kafkaSecurity(config),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow(/self[- ]signed certificate/i);
    await admin.disconnect();
  });
});
