import { describe, expect, it } from 'vitest';
import { decodeOutboxBatch, encodeOutboxBatch } from './batch';

describe('outbox batch text', () => {
  it('round-trips messages whose values hold quotes, backslashes and other scripts', () => {
    const messages = [
      {
        topic: 'plexus.canonical.order.v1',
        key: 'a',
        value: JSON.stringify({ note: 'say "hi"\\' }),
      },
      {
        topic: 'plexus.canonical.order.v1',
        key: 'b"c',
        value: JSON.stringify({ name: 'Zoë 東京' }),
      },
      { topic: 'plexus.canonical.customer.v1', key: 'd', value: JSON.stringify({ data: null }) },
    ];
    const text = encodeOutboxBatch(messages);
    expect(decodeOutboxBatch(text)).toEqual(messages);
    // Values are embedded as JSON, not quoted again.
    expect(JSON.parse(text)[0].value).toEqual({ note: 'say "hi"\\' });
  });

  it('refuses text it did not write', () => {
    expect(() => decodeOutboxBatch('{"topic":"x"}')).toThrow(/must be a JSON array/);
    expect(() => decodeOutboxBatch('[{"topic":"x","value":1}]')).toThrow(/message 0 lacks/);
    expect(() => decodeOutboxBatch('[1]')).toThrow(/message 0 is not an object/);
  });
});
