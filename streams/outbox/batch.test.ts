import { describe, expect, it } from 'vitest';
import { decodeOutboxRow, encodeOutboxRefs, isOutboxRef, type OutboxRef } from './batch';

describe('outbox row text', () => {
  it('round-trips the records a transaction changed', () => {
    const refs: OutboxRef[] = [
      { entity: 'order', id: '0b7c2f4e-1d2a-4c3b-9e8f-000000000001', op: 'upsert', version: 7 },
      { entity: 'customer', id: '0b7c2f4e-1d2a-4c3b-9e8f-000000000002', op: 'delete', version: 9 },
    ];
    const text = encodeOutboxRefs(refs);
    expect(decodeOutboxRow(text)).toEqual(refs);
    expect(decodeOutboxRow(text).every(isOutboxRef)).toBe(true);
  });

  it('reads the messages of a row written before refs, values embedded as JSON', () => {
    const text = `[{"topic":"plexus.canonical.order.v1","key":"b\\"c","value":{"name":"Zoë 東京","note":"say \\"hi\\""}}]`;
    const [item] = decodeOutboxRow(text);
    expect(item && isOutboxRef(item)).toBe(false);
    expect(item).toEqual({
      topic: 'plexus.canonical.order.v1',
      key: 'b"c',
      value: JSON.stringify({ name: 'Zoë 東京', note: 'say "hi"' }),
    });
  });

  it('refuses text it did not write', () => {
    expect(() => decodeOutboxRow('{"topic":"x"}')).toThrow(/must hold a JSON array/);
    expect(() => decodeOutboxRow('[{"topic":"x","value":1}]')).toThrow(/message 0 lacks/);
    expect(() => decodeOutboxRow('[1]')).toThrow(/item 0 is neither/);
    expect(() => decodeOutboxRow('[["planet","x","upsert",1]]')).toThrow(/item 0 is not \[entity/);
    expect(() => decodeOutboxRow('[["order","x","merge",1]]')).toThrow(/item 0 is not \[entity/);
  });
});
