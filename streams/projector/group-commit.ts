/**
 * Group commit: batches handed over while store transactions are running wait, and then go
 * together in the next one. Kafka delivers one partition per batch, and with many partitions each
 * batch is small; a transaction per batch would spend most of its time on the fixed cost of a
 * transaction. At most `concurrency` transactions run at once: with two, the database commits one
 * while the projector maps the next, instead of each waiting for the other. A partition never has
 * two batches in flight, so concurrent transactions never hold the same record.
 */
export class GroupCommit<T> {
  private queue: Array<{ items: T[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  private running = 0;

  constructor(
    private readonly apply: (items: T[]) => Promise<void>,
    private readonly concurrency = 1,
  ) {}

  submit(items: T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const group = this.queue.splice(0);
      this.running += 1;
      void this.commit(group).finally(() => {
        this.running -= 1;
        this.drain();
      });
    }
  }

  private async commit(group: typeof this.queue): Promise<void> {
    try {
      await this.apply(group.flatMap((entry) => entry.items));
      group.forEach((entry) => entry.resolve());
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // One submitter's data may be what failed: let each try alone, so that the others pass
      // and the failing one reaches its own retry or dead-letter handling.
      for (const entry of group) {
        await this.apply(entry.items).then(entry.resolve, entry.reject);
      }
    }
  }
}
