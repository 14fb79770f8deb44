import type { EntityChange } from './vendor';

/**
 * Entity changes waiting in the webhook queue. QBO notifications carry whole-second times and no
 * SyncToken, so two different updates of a record within one second look identical: a plain
 * "seen" memory would drop the second and lose it. What can safely be dropped is a change that
 * is still waiting: the read it is waiting for has not happened, and will see the newest state.
 * Redeliveries (Intuit retries, duplicates) are coalesced the same way while they wait; one that
 * arrives after its read costs one more read, and `publish` drops the unchanged record.
 */
export class PendingChanges {
  private readonly keys = new Set<string>();

  private static key(c: EntityChange): string {
    return `${c.name}:${c.id}:${c.operation}`;
  }

  /** True when an equal change is already waiting; otherwise marks this one as waiting. */
  checkAndAdd(change: EntityChange): boolean {
    const key = PendingChanges.key(change);
    if (this.keys.has(key)) return true;
    this.keys.add(key);
    return false;
  }

  /** The worker took these (or the queue refused them): later equal changes need a read again. */
  release(changes: readonly EntityChange[]): void {
    for (const change of changes) this.keys.delete(PendingChanges.key(change));
  }

  get size(): number {
    return this.keys.size;
  }
}
