// What the in-process stream does beyond the contract it shares with Kafka (stream.contract.ts):
// it trims its log, and it says when a handler fails.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/kafka';
import { registry } from '../../lib/metrics';
import { partitionFor } from '../partition';
import type { IncomingMessage, OutgoingMessage } from '../stream';
import { retryDelay } from './consumer';
import { MemoryStream } from './index';

interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
}

function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}

const quiet = pino({ level: 'silent' });

const messages = (count: number, from = 0): OutgoingMessage[] =>
  Array.from({ length: count }, (_, i) => ({ key: `k${(from + i) % 97}`, value: `${from + i}` }));

async function consume(stream: MemoryStream, topic: string, group: string) {
  const received: IncomingMessage[] = [];
  const consumer = await stream.consumer(group);
  await consumer.subscribe([topic], { fromBeginning: true });
  await consumer.run({ eachBatch: async (batch) => void received.push(...batch.messages) });
  return { consumer, received };
}

describe('the in-process stream trims its log', () => {
  it('keeps what it holds bounded while a group consumes a long run', async () => {
    const stream = new MemoryStream({ logger: quiet });
    const producer = await stream.producer();
    const reader = await consume(stream, 'long-run', 'projector');
    const held: number[] = [];
    let sent = 0;
    for (let round = 0; round < 100; round++) {
      await producer.send('long-run', messages(1_000, sent));
      sent += 1_000;
      await waitFor(() => reader.received.length === sent, { intervalMs: 5 });
      held.push(stream.held());
    }
    await stream.close();
    expect(sent).toBe(100_000);
    // Whatever was produced, the log holds at most about a round's worth once it is read.
    expect(Math.max(...held)).toBeLessThanOrEqual(5_000);
  });

  it('keeps every message a registered group has not committed, even while it is stopped', async () => {
    const stream = new MemoryStream({ logger: quiet });
    const producer = await stream.producer();
    const fast = await consume(stream, 'orders', 'fast');
    const slow = await stream.consumer('slow');
    await slow.subscribe(['orders'], { fromBeginning: true });
    await producer.send('orders', messages(5_000));
    await waitFor(() => fast.received.length === 5_000);
    expect(stream.held()).toBe(5_000);

    const restarted = await consume(stream, 'orders', 'slow');
    await waitFor(() => restarted.received.length === 5_000);
    expect(restarted.received.map((m) => m.value)).toEqual(
      expect.arrayContaining(messages(5_000).map((m) => m.value)),
    );
    await stream.close();
    expect(stream.held()).toBeLessThan(5_000);
  });

  it('keeps the last `retainUnread` messages per partition of a topic no group reads', async () => {
    const stream = new MemoryStream({ logger: quiet, retainUnread: 100, partitions: 3 });
    const producer = await stream.producer();
    const held: number[] = [];
    for (let round = 0; round < 30; round++) {
      await producer.send('dead-letters', messages(1_000, round * 1_000));
      held.push(stream.held());
    }
    expect(Math.max(...held)).toBeLessThanOrEqual(10_000);

    const late = await consume(stream, 'dead-letters', 'late-reader');
    await waitFor(() => late.received.length === 300);
    await stream.close();
    const sent = messages(30_000);
    for (const partition of [0, 1, 2]) {
      const tail = sent.filter((m) => partitionFor(m.key, 3) === partition).slice(-100);
      const got = late.received.filter((m) => m.partition === partition);
      expect(got.map((m) => m.value)).toEqual(tail.map((m) => m.value));
    }
  });
});

describe('the in-process stream in /metrics', () => {
  it('reports what it holds, so a group falling behind shows as growth', async () => {
    const held = async () =>
      (await registry.getSingleMetricAsString('plexus_stream_messages_held')).split('\n').at(-1);
    const before = await held();
    const stream = new MemoryStream({ logger: quiet });
    const behind = await stream.consumer('behind');
    await behind.subscribe(['reported'], { fromBeginning: true });
    await (await stream.producer()).send('reported', messages(700));
    expect(await held()).not.toBe(before);
    const grown = Number((await held())?.split(' ')[1]);
    expect(grown - Number(before?.split(' ')[1])).toBe(700);
    await stream.close();
    expect(await held()).toBe(before);
  });
});

describe('the in-process stream and a failing handler', () => {
  it('logs the failure once, redelivers until it passes, and says so', async () => {
    const { logger, lines } = capturingLogger();
    const stream = new MemoryStream({ logger, partitions: 1 });
    await (await stream.producer()).send('t', messages(3));
    let attempts = 0;
    const passed: IncomingMessage[] = [];
    const consumer = await stream.consumer('g');
    await consumer.subscribe(['t'], { fromBeginning: true });
    await consumer.run({
      eachBatch: async (batch) => {
        attempts++;
        if (attempts <= 3) throw new Error('boom');
        passed.push(...batch.messages);
      },
    });
    await waitFor(() => passed.length === 3, { timeoutMs: 20_000 });
    await stream.close();

    const errors = lines.filter((line) => line.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.err?.message).toBe('boom');
    expect(lines.filter((line) => line.msg === 'batch failed again')).toHaveLength(2);
    expect(lines.some((line) => line.msg === 'batch handler succeeded after failing')).toBe(true);
  });

  it('lets the other partitions go on while one keeps failing', async () => {
    const stream = new MemoryStream({ logger: quiet, partitions: 2 });
    const sent = messages(200);
    await (await stream.producer()).send('t', sent);
    const passed: IncomingMessage[] = [];
    let refused = 0;
    const consumer = await stream.consumer('g');
    await consumer.subscribe(['t'], { fromBeginning: true });
    await consumer.run({
      eachBatch: async (batch) => {
        if (batch.partition === 0) {
          refused++;
          throw new Error('partition 0 is broken');
        }
        passed.push(...batch.messages);
      },
    });
    const onOne = sent.filter((m) => partitionFor(m.key, 2) === 1);
    await waitFor(() => passed.length === onOne.length && refused >= 2);
    await stream.close();
    expect(passed.map((m) => m.value)).toEqual(onOne.map((m) => m.value));
  });

  it('backs off by doubling, capped', () => {
    const delays = Array.from({ length: 20 }, (_, i) => retryDelay(i + 1));
    delays.slice(1).forEach((delay, i) => expect(delay).toBeGreaterThanOrEqual(delays[i] ?? 0));
    expect(delays[1]).toBe(2 * (delays[0] ?? 0));
    expect(Math.max(...delays)).toBe(delays.at(-1));
    expect(delays.at(-1)).toBe(delays.at(-2));
  });
});

describe('the in-process stream and consumer groups', () => {
  it('refuses a second running member in one group rather than deliver twice', async () => {
    const stream = new MemoryStream({ logger: quiet });
    const first = await stream.consumer('g');
    await first.subscribe(['t']);
    await first.run({ eachBatch: async () => undefined });
    const second = await stream.consumer('g');
    await second.subscribe(['t']);
    await expect(second.run({ eachBatch: async () => undefined })).rejects.toThrow(/one per group/);
    await first.disconnect();
    await expect(second.run({ eachBatch: async () => undefined })).resolves.toBeUndefined();
    await stream.close();
  });
});
