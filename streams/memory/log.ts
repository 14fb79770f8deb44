import { EventEmitter } from 'node:events';
import { partitionFor } from '../partition';
import type { IncomingMessage, OutgoingMessage } from '../stream';

/** The append-only partitioned log behind the in-process stream: one array per partition. */
export class MemoryLog {
  private readonly topics = new Map<string, IncomingMessage[][]>();
  private readonly appended = new EventEmitter();

  constructor(private readonly defaultPartitions = 3) {
    this.appended.setMaxListeners(0);
  }

  ensure(topic: string, partitions = this.defaultPartitions): void {
    if (!this.topics.has(topic)) {
      this.topics.set(
        topic,
        Array.from({ length: partitions }, () => []),
      );
    }
  }

  partitions(topic: string): IncomingMessage[][] {
    this.ensure(topic);
    return this.topics.get(topic) ?? [];
  }

  append(topic: string, messages: OutgoingMessage[]): void {
    const partitions = this.partitions(topic);
    const timestamp = Date.now();
    for (const message of messages) {
      const partition = partitionFor(message.key, partitions.length);
      const log = partitions[partition];
      if (!log) continue;
      log.push({
        topic,
        partition,
        offset: String(log.length),
        key: message.key,
        value: message.value,
        headers: { ...message.headers },
        timestamp,
      });
    }
    this.appended.emit('append');
  }

  /** Resolves at the next append, or after `timeoutMs`, whichever comes first. */
  waitForAppend(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('append', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.appended.on('append', done);
    });
  }
}
