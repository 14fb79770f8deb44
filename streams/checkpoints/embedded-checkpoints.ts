import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../lib/logger';
import type { CheckpointRow, StoredCheckpoints } from '../../store/checkpoint/checkpoints';
import type { CheckpointStore } from './checkpoint-store';
import type { AppliedWatermark, Mark } from './watermark';

interface Pending extends CheckpointRow {
  mark: Mark;
}

/**
 * Checkpoints of the embedded mode, where the stream lives in memory and only the store survives
 * the process. A checkpoint set after its events were sent waits, off the connector's path, until
 * the projector has handled every message sent before it; then it is written to the store. So the
 * store never holds a checkpoint ahead of its own records: a crash loses at most the newest
 * checkpoints, and the connector repeats a little work that the version gate makes harmless.
 *
 * Within the process `get` answers with the newest value set, stored or not: the events it covers
 * are in this process's stream, and die with it if the process dies before they are stored.
 */
export class EmbeddedCheckpoints {
  private readonly queue: Pending[] = [];
  private readonly values = new Map<string, Promise<Map<string, string>>>();
  private readonly added = new EventTarget();
  private readonly stopping = new AbortController();
  private readonly pump: Promise<void>;
  private failing = false;

  constructor(
    private readonly stored: StoredCheckpoints,
    private readonly watermark: AppliedWatermark,
    private readonly logger: Logger,
  ) {
    this.pump = this.run();
  }

  forSource(source: string): CheckpointStore {
    return {
      get: async (key) => (await this.known(source)).get(key),
      set: async (key, value) => {
        (await this.known(source)).set(key, value);
        this.queue.push({ source, key, value, mark: this.watermark.mark() });
        this.added.dispatchEvent(new Event('added'));
      },
    };
  }

  /** Stops waiting; what is covered by then is written once more, the rest is dropped. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.pump;
  }

  private known(source: string): Promise<Map<string, string>> {
    let values = this.values.get(source);
    if (!values) {
      values = this.stored.read(source);
      this.values.set(source, values);
      // A failed read is not kept: the next call reads again.
      values.catch(() => this.values.get(source) === values && this.values.delete(source));
    }
    return values;
  }

  private async run(): Promise<void> {
    const { signal } = this.stopping;
    try {
      while (!signal.aborted) {
        const head = this.queue[0];
        if (!head) {
          await once(this.added, 'added', { signal });
          continue;
        }
        await this.watermark.until(head.mark, signal);
        await this.writeCovered(true);
      }
    } catch (error) {
      if (!signal.aborted) this.logger.error({ err: error }, 'checkpoint writer stopped');
    }
    await this.writeCovered(false).catch((error: unknown) =>
      this.logger.warn(
        { err: error },
        'checkpoints not written at stop; the next start redoes a little',
      ),
    );
  }

  /** Writes, in one transaction, the newest value of each key whose events are all handled. */
  private async writeCovered(retry: boolean): Promise<void> {
    let covered = 0;
    // Marks only grow, so the covered entries are a prefix of the queue.
    while (covered < this.queue.length && this.watermark.reached(this.queue[covered]!.mark)) {
      covered += 1;
    }
    if (covered === 0) return;
    const newest = new Map<string, CheckpointRow>();
    for (const { source, key, value } of this.queue.slice(0, covered)) {
      newest.set(`${source}\u0000${key}`, { source, key, value });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.stored.write([...newest.values()]);
        break;
      } catch (error) {
        if (!this.failing) this.logger.warn({ err: error }, 'checkpoints not written; retrying');
        this.failing = true;
        if (!retry || this.stopping.signal.aborted) throw error;
        await sleep(Math.min(100 * 2 ** attempt, 5_000), undefined, {
          signal: this.stopping.signal,
        });
      }
    }
    if (this.failing) this.logger.info('checkpoints written again');
    this.failing = false;
    this.queue.splice(0, covered);
  }
}
