// One suite for both streams (stream.memory.test.ts, stream.kafka.test.ts): the in-process stream
// must behave as the Kafka one does wherever the projector, the relay or a connector could tell.
import { expect, it } from 'vitest';
import { randomName, waitFor } from '../test/helpers/kafka';
import { partitionFor } from './partition';
import type { Batch, IncomingMessage, OutgoingMessage, Stream, StreamConsumer } from './stream';

interface Reader {
  consumer: StreamConsumer;
  received: IncomingMessage[];
}

export function streamContract(open: () => Stream): void {
  const withStream = async (work: (stream: Stream) => Promise<void>) => {
    const stream = open();
    try {
      await work(stream);
    } finally {
      await stream.close();
    }
  };

  const topicOf = async (stream: Stream, partitions: number) => {
    const topic = randomName('contract');
    await stream.ensureTopics([{ topic, partitions }]);
    return topic;
  };

  const send = async (stream: Stream, topic: string, messages: OutgoingMessage[]) => {
    const producer = await stream.producer();
    await producer.send(topic, messages);
  };

  /** A member of `group` that records what it is given, after `handle` (if any) resolved. */
  const read = async (
    stream: Stream,
    topic: string,
    group: string,
    fromBeginning: boolean,
    handle?: (batch: Batch) => Promise<void>,
  ): Promise<Reader> => {
    const consumer = await stream.consumer(group);
    const received: IncomingMessage[] = [];
    await consumer.subscribe([topic], { fromBeginning });
    await consumer.run({
      eachBatch: async (batch) => {
        await handle?.(batch);
        received.push(...batch.messages);
      },
    });
    return { consumer, received };
  };

  const values = (messages: ReadonlyArray<{ value: string | null }>) =>
    messages.map((m) => m.value);

  it('keeps each key in order on the partition its key hashes to, one batch at a time', async () => {
    await withStream(async (stream) => {
      const topic = await topicOf(stream, 3);
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      const sent: OutgoingMessage[] = [];
      for (let round = 0; round < 3; round++) {
        const messages = Array.from({ length: 40 }, (_, i) => {
          const key = keys[i % keys.length] ?? 'a';
          return { key, value: `${key}:${round * 40 + i}` };
        });
        sent.push(...messages);
        await send(stream, topic, messages);
      }
      const busy = new Set<number>();
      let overlaps = 0;
      const reader = await read(stream, topic, randomName('order'), true, async (batch) => {
        if (busy.has(batch.partition)) overlaps++;
        busy.add(batch.partition);
        await new Promise((resolve) => setImmediate(resolve));
        busy.delete(batch.partition);
      });
      await waitFor(() => reader.received.length >= sent.length, { timeoutMs: 30_000 });
      await reader.consumer.disconnect();

      expect(overlaps).toBe(0);
      expect(reader.received).toHaveLength(sent.length);
      for (const message of reader.received) {
        expect(message.partition).toBe(partitionFor(message.key ?? '', 3));
      }
      for (const key of keys) {
        const got = reader.received.filter((m) => m.key === key);
        expect(values(got)).toEqual(values(sent.filter((m) => m.key === key)));
        const offsets = got.map((m) => BigInt(m.offset));
        expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : 1)));
      }
    });
  });

  it('redelivers a batch whose handler threw, from the same offset, and skips nothing', async () => {
    await withStream(async (stream) => {
      const topic = await topicOf(stream, 1);
      const sent = Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: `m${i}` }));
      await send(stream, topic, sent);
      const attempts: string[] = [];
      const group = randomName('redeliver');
      const reader = await read(stream, topic, group, true, async (batch) => {
        attempts.push(batch.messages[0]?.offset ?? '');
        if (attempts.length <= 2) throw new Error(`refused attempt ${attempts.length}`);
      });
      await waitFor(() => reader.received.length >= sent.length, { timeoutMs: 30_000 });
      await reader.consumer.disconnect();

      // Three deliveries from the first message: two refused, then the one that passed.
      expect(attempts.slice(0, 3)).toEqual([attempts[0], attempts[0], attempts[0]]);
      expect(values(reader.received)).toEqual(values(sent));

      // What passed was committed: the group's next member starts after it.
      await send(stream, topic, [{ key: 'k', value: 'after' }]);
      const next = await read(stream, topic, group, true);
      await waitFor(() => next.received.length >= 1);
      await next.consumer.disconnect();
      expect(values(next.received)).toEqual(['after']);
    });
  });

  it('resumes a restarted group after its last commit, whatever fromBeginning says', async () => {
    await withStream(async (stream) => {
      const topic = await topicOf(stream, 2);
      const group = randomName('resume');
      const batch = (from: number) =>
        Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${from + i}` }));
      await send(stream, topic, batch(0));
      const first = await read(stream, topic, group, true);
      await waitFor(() => first.received.length >= 10);
      await first.consumer.disconnect();

      await send(stream, topic, batch(10));
      const second = await read(stream, topic, group, true);
      await waitFor(() => second.received.length >= 10);
      await second.consumer.disconnect();
      // A redelivered old message would come before the new ones of its partition: none did.
      expect(values(second.received).sort()).toEqual(values(batch(10)).sort());
      expect(values(first.received).sort()).toEqual(values(batch(0)).sort());
    });
  });

  it('starts a new group at the beginning with fromBeginning, and at the end without', async () => {
    await withStream(async (stream) => {
      const topic = await topicOf(stream, 2);
      const old = Array.from({ length: 4 }, (_, i) => ({ key: `k${i}`, value: `old${i}` }));
      await send(stream, topic, old);

      const early = await read(stream, topic, randomName('early'), true);
      const late = await read(stream, topic, randomName('late'), false);
      await waitFor(() => early.received.length >= old.length);
      // A late group is positioned once it has joined, which no interface call reports: probe
      // until it sees something, then check it saw nothing from before it subscribed.
      const probes: string[] = [];
      await waitFor(
        async () => {
          const value = `probe${probes.length}`;
          probes.push(value);
          await send(stream, topic, [{ key: 'probe', value }]);
          return late.received.length > 0;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      // Every probe has the one key, hence one partition: the last one sent is the last to come.
      await waitFor(() => late.received.at(-1)?.value === probes.at(-1));
      await Promise.all([early.consumer.disconnect(), late.consumer.disconnect()]);

      expect(
        values(early.received)
          .filter((v) => v?.startsWith('old'))
          .sort(),
      ).toEqual(values(old).sort());
      const seen = values(late.received);
      expect(seen.every((v) => v?.startsWith('probe'))).toBe(true);
      // The late group sees every probe from the first it saw on, in order.
      expect(seen).toEqual(probes.slice(probes.indexOf(seen[0] ?? '')));
    });
  });

  it('round-trips key, value, headers and timestamp', async () => {
    await withStream(async (stream) => {
      const topic = await topicOf(stream, 1);
      const before = Date.now();
      await send(stream, topic, [
        { key: 'k1', value: '{"name":"Zoë ✓"}', headers: { 'x-a': '1', 'x-error': 'bad: ✗' } },
        { key: 'k2', value: '' },
      ]);
      const reader = await read(stream, topic, randomName('headers'), true);
      await waitFor(() => reader.received.length >= 2);
      await reader.consumer.disconnect();
      const [first, second] = reader.received;
      expect(first).toMatchObject({
        topic,
        partition: 0,
        key: 'k1',
        value: '{"name":"Zoë ✓"}',
        headers: { 'x-a': '1', 'x-error': 'bad: ✗' },
      });
      expect(second).toMatchObject({ key: 'k2', value: '', headers: {} });
      expect(BigInt(second?.offset ?? '0')).toBe(BigInt(first?.offset ?? '') + 1n);
      expect(first?.timestamp).toBeGreaterThanOrEqual(before);
    });
  });

  it('consumes partitions concurrently: a slow batch does not hold another partition', async () => {
    await withStream(async (stream) => {
      const topic = await topicOf(stream, 2);
      const keyOn = (partition: number) =>
        Array.from({ length: 100 }, (_, i) => `key${i}`).find(
          (key) => partitionFor(key, 2) === partition,
        ) ?? '';
      // Sent before the group starts, so that both are in its first fetch from the broker.
      await send(stream, topic, [
        { key: keyOn(0), value: 'zero' },
        { key: keyOn(1), value: 'one' },
      ]);
      const inFlight = new Set<number>();
      let together = false;
      // A handler that finds the other partition's in flight has seen them run concurrently; each
      // waits a while for that, so that a stream consuming one partition at a time never does.
      const reader = await read(stream, topic, randomName('concurrent'), true, async (batch) => {
        inFlight.add(batch.partition);
        if (inFlight.size === 2) together = true;
        await waitFor(() => together, { timeoutMs: 10_000, intervalMs: 10 }).catch(() => undefined);
        inFlight.delete(batch.partition);
      });
      await waitFor(() => reader.received.length >= 2, { timeoutMs: 30_000 });
      await reader.consumer.disconnect();
      expect(together).toBe(true);
      expect(values(reader.received).sort()).toEqual(['one', 'zero']);
    });
  });
}
