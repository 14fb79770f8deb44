// The one helper for tests that talk to a real Kafka broker (suites gate on it via infra.ts).
import { randomBytes } from 'node:crypto';
import { KafkaStream } from '../../streams/kafka';
import type { IncomingMessage } from '../../streams/stream';
// ConfigResourceTypes from the default export: Node's ESM loader does not find it among kafkajs's
// CommonJS named exports, and the benches load this file outside vitest.
import kafkajs, { Kafka, logLevel, type IHeaders } from 'kafkajs';

export function kafkaBrokers(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0) {
    throw new Error('KAFKA_BROKERS is not set: wrap the suite in describeWithKafka()');
  }
  return brokers;
}

export function newKafka(clientId = randomName('test')): Kafka {
  // kafkajs logs transient, retried errors (e.g. "coordinator is loading") at ERROR level;
  // failing assertions report real problems, so its log would only be noise.
  return new Kafka({ clientId, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
}

/** A unique name, valid as a topic, group or client id, so tests never share broker state. */
export function randomName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Polls until predicate returns a truthy value and returns it; on timeout throws with the last error. */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100 }: WaitOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`waitFor timed out after ${timeoutMs} ms${cause}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Creates the topic and returns once every partition has a leader (the stream's own way). */
export async function createTopic(name: string, partitions = 3): Promise<string> {
  const stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: randomName('create-topic') });
  try {
    await stream.ensureTopics([{ topic: name, partitions }]);
    return name;
  } finally {
    await stream.close();
  }
}

/**
 * A message as the stream delivers it, without the producer's timestamp. A header sent more than
 * once keeps its last value, as Java's Headers.lastHeader() does.
 */
export type ReceivedMessage = Omit<IncomingMessage, 'timestamp'>;

export interface WaitForMessagesOptions {
  count: number;
  timeoutMs?: number;
  /**
   * false: skip what the topic held when this call read its end offsets. That read is async, so a
   * message produced right after the call may or may not count; for an exact cut, use `after`.
   */
  fromBeginning?: boolean;
  /** Skip messages before these offsets (from topicEndOffsets()); overrides fromBeginning. */
  after?: ReadonlyMap<number, bigint>;
}

/**
 * Reads messages with a throwaway consumer group until `count` distinct ones have arrived. They
 * are in arrival order, which is only ordered within a partition.
 */
export async function waitForMessages(
  topic: string,
  { count, timeoutMs = 30_000, fromBeginning = true, after }: WaitForMessagesOptions,
): Promise<ReceivedMessage[]> {
  const kafka = newKafka();
  const startOffsets =
    after ?? (fromBeginning ? new Map<number, bigint>() : await topicEndOffsets(topic));
  const consumer = kafka.consumer({ groupId: randomName('wait-for-messages') });
  const received: ReceivedMessage[] = [];
  // Delivery is at-least-once (a rebalance can replay a message): each partition/offset counts once.
  const seen = new Set<string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    // Resolve with a snapshot: the consumer may deliver more until it has disconnected.
    return await new Promise<ReceivedMessage[]>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `got ${received.length} of ${count} messages from ${topic} in ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            if (BigInt(message.offset) < (startOffsets.get(partition) ?? 0n)) return;
            const id = `${partition}:${message.offset}`;
            if (seen.has(id)) return;
            seen.add(id);
            received.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: headersToStrings(message.headers),
            });
            if (received.length >= count) {
              clearTimeout(timer);
              resolve([...received]);
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
  }
}

/** The next offset of each partition: a cut to pass as waitForMessages' `after`. */
export async function topicEndOffsets(topic: string): Promise<Map<number, bigint>> {
  const admin = newKafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
  } finally {
    await admin.disconnect();
  }
}

/** One setting of a topic as the broker holds it (`cleanup.policy`: `compact` or `delete`). */
export async function topicConfig(topic: string, name: string): Promise<string | undefined> {
  const admin = newKafka().admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
    });
    return resources[0]?.configEntries.find((e) => e.configName === name)?.configValue;
  } finally {
    await admin.disconnect();
  }
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
