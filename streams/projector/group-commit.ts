/**
 * Group commit: batches handed over while a store transaction is running wait, and then go
 * together in the next one. Kafka delivers one partition per batch, and with many partitions each
 * batch is small; a transaction per batch would spend most of its time on the fixed cost of a
 * transaction. Only one transaction runs at a time, so writers never deadlock each other.
 */
export class GroupCommit<T> {
  private queue: Array<{ items: T[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  private running = false;

  constructor(private readonly apply: (items: T[]) => Promise<void>) {}

  submit(items: T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0);
        try {
          await this.apply(group.flatMap((entry) => entry.items));
          group.forEach((entry) => entry.resolve());
        } catch (error) {
          if (group.length === 1) {
            group[0]?.reject(error);
            continue;
          }
          // One submitter's data may be what failed: let each try alone, so that the others pass
          // and the failing one reaches its own retry or dead-letter handling.
          for (const entry of group) {
            await this.apply(entry.items).then(entry.resolve, entry.reject);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
