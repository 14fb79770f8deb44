import { EventEmitter } from 'node:events';
import { partitionFor } from '../partition';
import type { IncomingMessage, OutgoingMessage } from '../stream';

/**
 * Trimmed messages stay in the array until this many have piled up at its head (and at least as
 * many as remain), so that trimming after every commit costs O(1) amortised rather than a copy.
 */
const COMPACT_AT = 1_024;

/** One partition: absolute offsets over an array whose head is trimmed away as groups commit. */
export class PartitionLog {
  private messages: IncomingMessage[] = [];
  /** Offset of messages[0]. */
  private base = 0;
  /** Index of the first message still retained; those before it are trimmed, not yet dropped. */
  private head = 0;

  /** The earliest offset still held, which is where a group starting from the beginning starts. */
  get start(): number {
    return this.base + this.head;
  }

  /** The next offset to be written. */
  get end(): number {
    return this.base + this.messages.length;
  }

  /** Messages physically held, trimmed ones not yet dropped included: what memory holds. */
  get held(): number {
    return this.messages.length;
  }

  append(message: Omit<IncomingMessage, 'offset'>): void {
    this.messages.push({ ...message, offset: String(this.end) });
  }

  /** Up to `max` messages from `offset`, or from the start where `offset` was trimmed. */
  read(offset: number, max: number): IncomingMessage[] {
    const from = Math.max(offset, this.start) - this.base;
    return this.messages.slice(from, from + max);
  }

  /** Drops every message before `offset`. */
  trimBefore(offset: number): void {
    this.head = Math.max(this.head, Math.min(offset, this.end) - this.base);
    if (this.head >= COMPACT_AT && this.head * 2 >= this.messages.length) {
      this.messages = this.messages.slice(this.head);
      this.base += this.head;
      this.head = 0;
    }
  }
}

/** The partitioned log behind the in-process stream. */
export class MemoryLog {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly appended = new EventEmitter();

  constructor(private readonly defaultPartitions = 3) {
    this.appended.setMaxListeners(0);
  }

  ensure(topic: string, partitions = this.defaultPartitions): PartitionLog[] {
    let logs = this.topics.get(topic);
    if (!logs) {
      logs = Array.from({ length: partitions }, () => new PartitionLog());
      this.topics.set(topic, logs);
    }
    return logs;
  }

  /** The topic's partitions; like a broker with auto.create.topics.enable, it creates the topic. */
  partitions(topic: string): PartitionLog[] {
    return this.ensure(topic);
  }

  append(topic: string, messages: OutgoingMessage[]): void {
    const partitions = this.partitions(topic);
    const timestamp = Date.now();
    for (const { key, value, headers } of messages) {
      const partition = partitionFor(key, partitions.length);
      partitions[partition]?.append({
        topic,
        partition,
        key,
        value,
        headers: { ...headers },
        timestamp,
      });
    }
    this.appended.emit('append', topic);
  }

  /** Calls `listener` after every append; returns the function that stops it. */
  onAppend(listener: (topic: string) => void): () => void {
    this.appended.on('append', listener);
    return () => this.appended.off('append', listener);
  }

  /** Messages held in every partition of every topic. */
  held(): number {
    let held = 0;
    for (const partitions of this.topics.values()) {
      for (const partition of partitions) held += partition.held;
    }
    return held;
  }
}
