import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import type { OutgoingMessage, StreamProducer } from '../stream';
import type { OutboxMessage } from './batch';
import { OutboxRelay, type OutboxBatch, type OutboxSource } from './relay';

/** An outbox table in memory, with the created-at of each row. */
class FakeOutbox implements OutboxSource {
  readonly rows = new Map<number, { messages: OutboxMessage[]; createdAt: number }>();
  loads = 0;
  /** Deletes fail while set, as they do while the database restarts. */
  deletesFail = false;

  add(id: number, messages: OutboxMessage[], createdAt = Date.now()) {
    this.rows.set(id, { messages, createdAt });
    return { id, messages };
  }

  async load(ids: number[]) {
    this.loads += 1;
    return new Map(
      ids.flatMap((id) => (this.rows.has(id) ? [[id, this.rows.get(id)!.messages]] : [])) as Array<
        [number, OutboxMessage[]]
      >,
    );
  }

  async remove(ids: number[]) {
    if (this.deletesFail) throw new Error('connection terminated');
    for (const id of ids) this.rows.delete(id);
  }

  async drainLeftovers(
    { createdBefore, skip, limit }: { createdBefore: Date; skip: number[]; limit: number },
    send: (batches: OutboxBatch[]) => Promise<void>,
  ) {
    const batches = [...this.rows]
      .filter(([id, row]) => row.createdAt < createdBefore.getTime() && !skip.includes(id))
      .sort((a, b) => a[0] - b[0])
      .slice(0, limit)
      .map(([id, row]) => ({ id, messages: row.messages }));
    if (batches.length === 0) return 0;
    await send(batches);
    await this.remove(batches.map((b) => b.id));
    return batches.length;
  }
}

/** Records what is sent; fails while `down` is set. */
class RecordingProducer implements StreamProducer {
  readonly sent: Array<{ topic: string } & OutgoingMessage> = [];
  down = false;

  async send(topic: string, messages: OutgoingMessage[]) {
    if (this.down) throw new Error('broker unreachable');
    for (const m of messages) this.sent.push({ topic, ...m });
  }

  async disconnect() {}
}

const message = (key: string, topic = 'plexus.canonical.order.v1'): OutboxMessage => ({
  topic,
  key,
  value: JSON.stringify({ id: key }),
});

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
};

describe('outbox relay', () => {
  let relay: OutboxRelay | undefined;
  afterEach(async () => {
    await relay?.stop().catch(() => undefined);
    relay = undefined;
  });
  const start = (outbox: FakeOutbox, producer: RecordingProducer, options = {}) => {
    relay = new OutboxRelay(outbox, producer, createLogger('test', 'silent'), {
      idleMs: 20,
      ...options,
    });
    relay.start();
    return relay;
  };

  it('sends handed-over batches in order, each message with its batch and position, and deletes them', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    const r = start(outbox, producer);
    r.handOver(outbox.add(1, [message('a'), message('b', 'plexus.canonical.customer.v1')]));
    r.handOver(outbox.add(2, [message('c')]));
    await until(() => outbox.rows.size === 0);
    expect(producer.sent.map((m) => [m.topic, m.key, m.headers?.['x-plexus-outbox-id']])).toEqual([
      ['plexus.canonical.order.v1', 'a', '1.0'],
      ['plexus.canonical.order.v1', 'c', '2.0'],
      ['plexus.canonical.customer.v1', 'b', '1.1'],
    ]);
    // What was handed over is not read back.
    expect(outbox.loads).toBe(0);
  });

  it('reads back what did not fit in memory', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    const r = start(outbox, producer, { maxPendingBytes: 10 });
    r.handOver(outbox.add(1, [message('a'), message('b')]));
    await until(() => outbox.rows.size === 0);
    expect(producer.sent.map((m) => m.key)).toEqual(['a', 'b']);
    expect(outbox.loads).toBe(1);
  });

  it('sends a batch nobody handed over once it is older than the grace period, not before', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    outbox.add(7, [message('old')], Date.now() - 60_000);
    outbox.add(8, [message('fresh')]);
    start(outbox, producer, { leftoverAfterMs: 30_000 });
    await until(() => !outbox.rows.has(7));
    await new Promise((r) => setTimeout(r, 100));
    expect(producer.sent.map((m) => m.key)).toEqual(['old']);
    expect(outbox.rows.has(8)).toBe(true);
  });

  it('keeps a batch it could not send and sends it once the broker is back', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    producer.down = true;
    const r = start(outbox, producer);
    r.handOver(outbox.add(1, [message('a')]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outbox.rows.has(1)).toBe(true);
    producer.down = false;
    await until(() => outbox.rows.size === 0);
    expect(producer.sent.map((m) => m.key)).toEqual(['a']);
  });

  it('never sends a batch twice when flush runs alongside the loop', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    const r = start(outbox, producer);
    for (let id = 1; id <= 50; id++) r.handOver(outbox.add(id, [message(`k${id}`)]));
    await Promise.all([r.flush(), r.flush()]);
    await until(() => outbox.rows.size === 0);
    expect(producer.sent.map((m) => m.key)).toEqual(
      Array.from({ length: 50 }, (_, i) => `k${i + 1}`),
    );
  });

  it('flush sends every stored batch, whatever its age; stop sends what was handed over', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    outbox.add(3, [message('left')]);
    const r = start(outbox, producer, { leftoverAfterMs: 60_000 });
    await r.flush();
    expect(producer.sent.map((m) => m.key)).toEqual(['left']);
    r.handOver(outbox.add(4, [message('last')]));
    await r.stop();
    relay = undefined;
    expect(producer.sent.map((m) => m.key)).toEqual(['left', 'last']);
    expect(outbox.rows.size).toBe(0);
  });

  it('retries only the delete of a batch it sent when the delete fails, never the send', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    outbox.deletesFail = true;
    const r = start(outbox, producer, { maxBackoffMs: 20 });
    r.handOver(outbox.add(1, [message('a')]));
    r.handOver(outbox.add(2, [message('b')]));
    await until(() => producer.sent.length === 2);
    // Several retries' worth of time, with the row still there and old enough to be left behind.
    outbox.rows.get(1)!.createdAt = 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(outbox.rows.size).toBe(2);
    outbox.deletesFail = false;
    await until(() => outbox.rows.size === 0);
    await r.flush();
    expect(producer.sent.map((m) => m.key)).toEqual(['a', 'b']);
  });

  it('does not send a left-behind batch again when its delete failed after the send', async () => {
    const outbox = new FakeOutbox();
    const producer = new RecordingProducer();
    outbox.add(5, [message('left')], 0);
    outbox.deletesFail = true;
    const r = start(outbox, producer, { maxBackoffMs: 20 });
    await until(() => producer.sent.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(outbox.rows.has(5)).toBe(true);
    outbox.deletesFail = false;
    await until(() => outbox.rows.size === 0);
    await r.flush();
    expect(producer.sent.map((m) => m.key)).toEqual(['left']);
  });
});
