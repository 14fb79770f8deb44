import { createRequire } from 'node:module';
import type { PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { partitionFor } from '../partition';
import { keyHashPartitioner } from './partitioner';

// patches/kafkajs+2.2.4.patch, applied by patch-package at install: these fail without it.

describe('kafkajs producer, patched', () => {
  const group = createRequire(import.meta.url)(
    'kafkajs/src/producer/groupMessagesPerPartition.js',
  ) as (args: {
    topic: string;
    partitionMetadata: PartitionMetadata[];
    messages: Array<{ key: string; value: string }>;
    partitioner: ReturnType<typeof keyHashPartitioner>;
  }) => Record<string, Array<{ key: string }>>;

  it('groups a send’s messages by partition, in order, by pushing rather than copying', () => {
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0 }));
    const messages = Array.from({ length: 2_000 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const grouped = group({
      topic: 't',
      partitionMetadata: partitionMetadata as PartitionMetadata[],
      messages,
      partitioner: keyHashPartitioner(),
    });
    for (const [partition, list] of Object.entries(grouped)) {
      const expected = messages.filter((m) => partitionFor(m.key, 3) === Number(partition));
      expect(list).toEqual(expected);
    }
    expect(Object.values(grouped).flat()).toHaveLength(messages.length);
    expect(group.toString()).not.toContain('[...current, message]');
  });
});

describe('kafkajs encoder, patched', () => {
  const require = createRequire(import.meta.url);
  const Encoder = require('kafkajs/src/protocol/encoder.js') as new () => {
    writeVarInt(v: number): unknown;
    writeUVarInt(v: number): unknown;
    writeVarLong(v: number | bigint): unknown;
    buffer: Buffer;
  };
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => {
    readVarInt(): number;
    readVarLong(): { toString(): string };
  };
  /** LEB128 of the zigzag encoding, as the Kafka protocol defines a varint and a varlong. */
  const reference = (value: bigint, bits: bigint): Buffer => {
    let z = BigInt.asUintN(Number(bits), (value << 1n) ^ (value >> (bits - 1n)));
    const bytes: number[] = [];
    while (z >= 0x80n) {
      bytes.push(Number(z & 0x7fn) | 0x80);
      z >>= 7n;
    }
    bytes.push(Number(z));
    return Buffer.from(bytes);
  };
  const ints = [
    0,
    1,
    -1,
    63,
    -64,
    64,
    -65,
    8191,
    -8192,
    2 ** 20,
    -(2 ** 20),
    2 ** 30 - 1,
    -(2 ** 30),
    2 ** 31 - 1,
    -(2 ** 31),
  ];

  it('writes varints and varlongs as the protocol defines them, and reads them back', () => {
    for (const n of ints) {
      const encoder = new Encoder();
      encoder.writeVarInt(n);
      expect(encoder.buffer, `varint ${n}`).toEqual(reference(BigInt(n), 32n));
      expect(new Decoder(encoder.buffer).readVarInt()).toBe(n);
    }
    for (const n of [...ints, 2 ** 31, -(2 ** 40), Date.UTC(2026, 10, 27)]) {
      const encoder = new Encoder();
      encoder.writeVarLong(n);
      expect(encoder.buffer, `varlong ${n}`).toEqual(reference(BigInt(n), 64n));
      expect(new Decoder(encoder.buffer).readVarLong().toString()).toBe(String(n));
    }
  });

  it('writes one after another into one growing buffer', () => {
    const encoder = new Encoder();
    for (let i = 0; i < 1_000; i++) encoder.writeVarInt(i * 37 - 5_000);
    const decoder = new Decoder(encoder.buffer);
    for (let i = 0; i < 1_000; i++) expect(decoder.readVarInt()).toBe(i * 37 - 5_000);
    expect(
      String(Object.getOwnPropertyDescriptor(Encoder.prototype, 'writeUVarInt')?.value),
    ).not.toContain('Buffer.from');
    expect(String(Encoder)).not.toContain('Buffer.alloc(');
  });
});
