import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PartitionMetadata } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { murmur2Key } from '../partition';
import { keyHashPartitioner } from './partitioner';

// kafkajs's murmur2 is tested against the Java client's; ours must agree with it on every key.
const kafkajsMurmur2 = createRequire(import.meta.url)(
  'kafkajs/src/producer/partitioners/default/murmur2.js',
) as (key: string | Buffer) => number;

const keys = [
  '',
  'a',
  'ab',
  'abc',
  'abcd',
  '0b7c2f4e-1d2a-4c3b-9e8f-000000000001',
  'Zoë 東京 🙂',
  ...Array.from({ length: 300 }, (_, i) => randomBytes(i % 41).toString('base64')),
];

describe('keyHashPartitioner', () => {
  it('hashes every key as kafkajs (and so the Java client) does', () => {
    for (const key of keys) expect(murmur2Key(key), key).toBe(kafkajsMurmur2(key));
    for (let n = 0; n < 64; n++) {
      const bytes = randomBytes(n);
      expect(murmur2Key(bytes)).toBe(kafkajsMurmur2(bytes));
    }
  });

  it('picks the partitions kafkajs’s DefaultPartitioner picks', () => {
    const partitionMetadata = Array.from({ length: 12 }, (_, partitionId) => ({
      partitionId,
      leader: 0,
    })) as PartitionMetadata[];
    const ours = keyHashPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const key of keys) {
      const args = { topic: 't', partitionMetadata, message: { key, value: 'v' } };
      expect(ours(args)).toBe(theirs(args));
    }
    const pinned = {
      topic: 't',
      partitionMetadata,
      message: { key: 'k', value: 'v', partition: 7 },
    };
    expect(ours(pinned)).toBe(7);
  });

  it('spreads keyless messages over the partitions that have a leader', () => {
    const partitionMetadata = [
      { partitionId: 0, leader: 0 },
      { partitionId: 1, leader: -1 },
      { partitionId: 2, leader: 0 },
    ] as PartitionMetadata[];
    const ours = keyHashPartitioner();
    const picked = new Set(
      Array.from({ length: 10 }, () =>
        ours({ topic: 't', partitionMetadata, message: { value: 'v' } }),
      ),
    );
    expect([...picked].sort()).toEqual([0, 2]);
  });
});
