import type { MemoryLog } from './log';

/**
 * The committed offsets of every consumer group, and the trimming they allow: a message is
 * dropped once every group registered on its topic has committed past it. A group stays
 * registered after its consumer disconnects, as a Kafka group keeps its offsets, so that a
 * restarted consumer finds everything it has not committed. On a topic no group reads (the
 * canonical topics in embedded mode, dead letters) only the last `retainUnread` messages of each
 * partition are kept, as Kafka's retention would; a group that subscribes later from the beginning
 * starts at the oldest of them.
 */
export class GroupOffsets {
  /** group → `topic:partition` → the next offset to deliver. */
  private readonly committed = new Map<string, Map<string, number>>();
  /** group → its one running member, which the in-process stream allows. */
  private readonly members = new Map<string, object>();

  constructor(
    private readonly log: MemoryLog,
    private readonly retainUnread: number,
  ) {}

  /** Kafka's auto.offset.reset: a group with no commit starts at the beginning or the end. */
  join(group: string, topic: string, fromBeginning: boolean): void {
    const offsets = this.offsetsOf(group);
    this.log.partitions(topic).forEach((log, partition) => {
      const key = `${topic}:${partition}`;
      if (!offsets.has(key)) offsets.set(key, fromBeginning ? log.start : log.end);
    });
  }

  position(group: string, topic: string, partition: number): number {
    return this.offsetsOf(group).get(`${topic}:${partition}`) ?? 0;
  }

  commit(group: string, topic: string, partition: number, next: number): void {
    this.offsetsOf(group).set(`${topic}:${partition}`, next);
    this.trim(topic, partition);
  }

  /** Trims every partition of the topic, as far as its groups (or its retention) allow. */
  trimTopic(topic: string): void {
    this.log.partitions(topic).forEach((_, partition) => this.trim(topic, partition));
  }

  /** Claims the group for `member`; throws when another member is running in it. */
  claim(group: string, member: object): void {
    const current = this.members.get(group);
    if (current && current !== member) {
      throw new Error(
        `consumer group ${group} already has a running member; the in-process stream runs one per group`,
      );
    }
    this.members.set(group, member);
  }

  release(group: string, member: object): void {
    if (this.members.get(group) === member) this.members.delete(group);
  }

  private trim(topic: string, partition: number): void {
    const log = this.log.partitions(topic)[partition];
    if (!log) return;
    const key = `${topic}:${partition}`;
    let low = Number.POSITIVE_INFINITY;
    for (const offsets of this.committed.values()) {
      const next = offsets.get(key);
      if (next !== undefined) low = Math.min(low, next);
    }
    log.trimBefore(Number.isFinite(low) ? low : log.end - this.retainUnread);
  }

  private offsetsOf(group: string): Map<string, number> {
    let offsets = this.committed.get(group);
    if (!offsets) {
      offsets = new Map();
      this.committed.set(group, offsets);
    }
    return offsets;
  }
}
