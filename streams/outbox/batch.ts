/** A canonical message as the outbox keeps it: its topic, its key and its serialised value. */
export interface OutboxMessage {
  topic: string;
  key: string;
  value: string;
}

/**
 * Serialises one transaction's messages as a JSON array of `{ topic, key, value }`, each value
 * embedded as JSON rather than as a string: values are JSON already, and quoting them once more
 * would escape every character of megabytes that are kept for milliseconds.
 */
export function encodeOutboxBatch(messages: OutboxMessage[]): string {
  const quoted = new Map<string, string>();
  const parts = messages.map(({ topic, key, value }) => {
    let topicJson = quoted.get(topic);
    if (topicJson === undefined) quoted.set(topic, (topicJson = JSON.stringify(topic)));
    return `{"topic":${topicJson},"key":${JSON.stringify(key)},"value":${value}}`;
  });
  return `[${parts.join(',')}]`;
}

/** The reverse of encodeOutboxBatch; throws on anything it did not write. */
export function decodeOutboxBatch(text: string): OutboxMessage[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('an outbox batch must be a JSON array');
  return parsed.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) {
      throw new Error(`outbox message ${index} is not an object`);
    }
    const { topic, key, value } = item as Record<string, unknown>;
    if (typeof topic !== 'string' || typeof key !== 'string' || value === undefined) {
      throw new Error(`outbox message ${index} lacks its topic, key or value`);
    }
    return { topic, key, value: JSON.stringify(value) };
  });
}
