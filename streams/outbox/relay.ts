import type { Logger } from '../../lib/logger';
import type { OutgoingMessage, StreamProducer } from '../stream';
import type { OutboxMessage } from './batch';

/** The canonical messages of one projector transaction: one outbox row. */
export interface OutboxBatch {
  id: number;
  messages: OutboxMessage[];
}

/** The store side of the relay. */
export interface OutboxSource {
  /** The messages of those of `ids` still stored; a batch another relay sent is gone. */
  load(ids: number[]): Promise<Map<number, OutboxMessage[]>>;
  /** Deletes sent batches. */
  remove(ids: number[]): Promise<void>;
  /**
   * Hands `send` the oldest batches created before `createdBefore` that are not in `skip`, and
   * deletes them once it resolves; they stay locked meanwhile, so two relays never take the same.
   * Returns how many it handed over.
   */
  drainLeftovers(
    options: { createdBefore: Date; skip: number[]; limit: number },
    send: (batches: OutboxBatch[]) => Promise<void>,
  ): Promise<number>;
}

export interface OutboxRelayOptions {
  /** Left-behind batches are looked for this often, and the relay retries after a failure. */
  idleMs?: number;
  /**
   * A batch no relay has in hand after this long is left behind (its process stopped before
   * sending it), and any relay sends it. Shorter could send a live process's batch twice.
   */
  leftoverAfterMs?: number;
  /** Handed-over messages kept in memory; past this, only ids, and the store rebuilds the rest. */
  maxPendingBytes?: number;
  /** The longest wait between retries after failures in a row (the first waits `idleMs`). */
  maxBackoffMs?: number;
}

const HANDED_OVER_AT_ONCE = 64;
const LEFTOVERS_AT_ONCE = 16;

/**
 * Publishes the outbox to the canonical topics. The projector records a transaction's changes in
 * that transaction, so the topics can lag the store but never disagree with it, and hands their
 * messages over as soon as it has committed. Rows nobody handed over (a crash between commit and
 * send) are found in the store, their messages rebuilt from it (see OutboxSource), and sent later.
 *
 * A batch is sent once per process: one whose row could not be deleted after it was sent (the
 * database restarting, say) is remembered, and only its delete is retried; the relay's own search
 * for left-behind rows passes over it. Delivery is still at least once across processes: a crash
 * between send and delete repeats a batch, and so may another process's relay that finds the row
 * left behind before this one could delete it (after `leftoverAfterMs`); each message
 * carries `x-plexus-outbox-id` (`<batch>.<position>`) for consumers that de-duplicate. Batches go
 * out in commit order, except a left-behind one, which follows whatever was sent meanwhile; every
 * message carries its record's version.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly pending: Array<{ id: number; messages?: OutboxMessage[]; bytes: number }> = [];
  private pendingBytes = 0;
  // Sent, and their rows not known to be deleted: never sent again, only deleted.
  private readonly sentUndeleted = new Set<number>();
  // flush() may run while the loop is sending: one sender at a time, or a batch would go twice.
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: OutboxSource,
    private readonly producer: StreamProducer,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Takes a batch whose transaction has committed; it is sent within milliseconds. */
  handOver({ id, messages }: OutboxBatch): void {
    let bytes = 0;
    for (const { key, value } of messages) bytes += key.length + (value?.length ?? 0);
    const keep = this.pendingBytes + bytes <= (this.options.maxPendingBytes ?? 256 * 1024 * 1024);
    this.pending.push(keep ? { id, messages, bytes } : { id, bytes: 0 });
    if (keep) this.pendingBytes += bytes;
    this.wake?.();
  }

  /** Left-behind batches of a stopped process are not sent here: they wait for their age. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.inTurn(async () => {
      await this.sendPending();
      await this.removeSent();
    });
  }

  /** Sends everything the store holds now, whatever its age; tests use it. */
  async flush(): Promise<void> {
    await this.inTurn(async () => {
      await this.sendPending();
      await this.removeSent();
      await this.sendLeftovers(new Date(Date.now() + 1));
    });
  }

  private async run(): Promise<void> {
    const idleMs = this.options.idleMs ?? 1_000;
    let lookedAt = 0;
    let failures = 0;
    while (this.running) {
      let failed = false;
      try {
        await this.inTurn(async () => {
          await this.sendPending();
          await this.removeSent();
          if (Date.now() - lookedAt < idleMs) return;
          lookedAt = Date.now();
          await this.sendLeftovers(new Date(lookedAt - (this.options.leftoverAfterMs ?? 10_000)));
        });
        if (failures > 0) this.logger.info({ failures }, 'outbox relay recovered');
        failures = 0;
      } catch (error) {
        failed = true;
        // Once per outage, not once per retry.
        if (failures === 0) this.logger.warn({ err: error }, 'outbox relay failed; will retry');
        failures += 1;
      }
      if (!this.running) break;
      if (this.pending.length > 0 && !failed) continue;
      const waitMs = failed
        ? Math.min(idleMs * 2 ** (failures - 1), this.options.maxBackoffMs ?? 5_000)
        : idleMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        // After a failure only stop() cuts the wait short, or every commit would retry at once.
        this.wake = () => {
          if (failed && this.running) return;
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const mine = this.turn.then(work);
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async sendPending(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.slice(0, HANDED_OVER_AT_ONCE);
      const unread = group.filter((b) => !b.messages).map((b) => b.id);
      const read = unread.length > 0 ? await this.source.load(unread) : undefined;
      await this.send(
        group.map(({ id, messages }) => ({ id, messages: messages ?? read?.get(id) ?? [] })),
      );
      // Sent: from here on a failure retries the delete, never the send.
      this.pending.splice(0, group.length);
      this.pendingBytes -= group.reduce((sum, b) => sum + b.bytes, 0);
      for (const { id } of group) this.sentUndeleted.add(id);
      await this.removeSent();
    }
  }

  /** Deletes the rows of batches already sent; they stay remembered until it succeeds. */
  private async removeSent(): Promise<void> {
    if (this.sentUndeleted.size === 0) return;
    const ids = [...this.sentUndeleted];
    await this.source.remove(ids);
    for (const id of ids) this.sentUndeleted.delete(id);
  }

  private async sendLeftovers(createdBefore: Date): Promise<void> {
    const skip = [...this.pending.map((b) => b.id), ...this.sentUndeleted];
    let sent = 0;
    for (;;) {
      let handed: number[] = [];
      const n = await this.source.drainLeftovers(
        { createdBefore, skip, limit: LEFTOVERS_AT_ONCE },
        async (batches) => {
          await this.send(batches);
          // Should the delete or the commit that follows fail, the rows are not sent again.
          handed = batches.map((b) => b.id);
          for (const id of handed) this.sentUndeleted.add(id);
        },
      );
      for (const id of handed) this.sentUndeleted.delete(id);
      sent += n;
      if (n < LEFTOVERS_AT_ONCE) break;
    }
    if (sent > 0) this.logger.info({ batches: sent }, 'sent outbox batches left behind');
  }

  private async send(batches: OutboxBatch[]): Promise<void> {
    // Grouping by topic keeps the batches' order within each topic, and so within each key.
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const { id, messages } of batches) {
      messages.forEach(({ topic, key, value }, position) => {
        let list = byTopic.get(topic);
        if (!list) byTopic.set(topic, (list = []));
        // One header only: kafkajs encodes each header of each message on its own.
        list.push({ key, value, headers: { 'x-plexus-outbox-id': `${id}.${position}` } });
      });
    }
    for (const [topic, messages] of byTopic) {
      for (const chunk of byteChunks(messages)) await this.producer.send(topic, chunk);
    }
  }
}

// Kafka refuses a request over max.message.bytes (1 MiB by default); stay well below it.
const MAX_REQUEST_BYTES = 512 * 1024;

/** Splits messages into runs whose keys and values add up to at most MAX_REQUEST_BYTES. */
export function byteChunks(messages: OutgoingMessage[]): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = Buffer.byteLength(message.value ?? '') + Buffer.byteLength(message.key) + 64;
    if (current.length > 0 && size + bytes > MAX_REQUEST_BYTES) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
