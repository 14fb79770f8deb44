import type { Logger } from '../../lib/logger';
import { errorMessage, PlexusError } from '../../lib/errors';
import { webhookQueueDepth, webhooksRefused } from '../../lib/metrics';

/**
 * The webhook inbox: the HTTP handler only enqueues (vendors want an answer within seconds), and
 * workers drain it: one by default, in arrival order; more where the vendor's deliveries carry no
 * order to keep (`concurrency`), so one slow re-read does not hold up every webhook behind it.
 * Bounded: when full, the ingress answers 503 and the vendor retries
 * the delivery later. A job whose processing fails with a retriable error is tried again with
 * backoff; after that it is dropped and logged, and the reconciliation poll repairs the record.
 */

export interface WebhookJob {
  topic: string;
  body: unknown;
  eventId: string | undefined;
  triggeredAt: Date | undefined;
}

export interface QueueStats {
  enqueued: number;
  processed: number;
  failed: number;
  depth: number;
  /** Deliveries refused (503) because the queue was full. */
  refused: number;
}

export interface WebhookQueueOptions {
  handle(job: WebhookJob): Promise<void>;
  logger: Logger;
  /** Names the vendor in logs, e.g. `Shopify`. */
  source?: string;
  capacity?: number;
  attempts?: number;
  retryDelayMs?: number;
  /**
   * Jobs handled at once (1: strictly in arrival order). Only for a vendor whose deliveries may
   * arrive in any order anyway, and whose handler copes with that (re-reads, version-gated events).
   */
  concurrency?: number;
}

export class WebhookQueue {
  private readonly jobs: WebhookJob[] = [];
  /** Workers waiting for a job. */
  private readonly waiting = new Set<() => void>();
  private running: Promise<void> | undefined;
  private stopping = false;
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  readonly stats: QueueStats = { enqueued: 0, processed: 0, failed: 0, depth: 0, refused: 0 };
  /** Whether the last delivery was refused for want of room: logged once per change. */
  private full = false;

  constructor(private readonly options: WebhookQueueOptions) {}

  /** False when the queue is full or stopping: the caller answers 503. */
  enqueue(job: WebhookJob): boolean {
    if (this.stopping) return false;
    const capacity = this.options.capacity ?? 10_000;
    const source = this.options.source ?? 'Vendor';
    if (this.jobs.length >= capacity) {
      this.stats.refused += 1;
      webhooksRefused.inc({ source });
      if (!this.full) {
        this.full = true;
        this.options.logger.warn(
          { capacity },
          `${source} webhook queue full: answering 503 until the worker catches up`,
        );
      }
      return false;
    }
    if (this.full) {
      this.full = false;
      this.options.logger.info(
        { refused: this.stats.refused },
        `${source} webhook queue has room again`,
      );
    }
    this.jobs.push(job);
    this.stats.enqueued += 1;
    this.setDepth();
    this.wakeOne();
    return true;
  }

  start(): void {
    const workers = Math.max(1, this.options.concurrency ?? 1);
    this.running ??= Promise.all(Array.from({ length: workers }, () => this.work())).then(
      () => undefined,
    );
  }

  /** Resolves once every job enqueued so far is processed (for tests and orderly shutdown). */
  idle(): Promise<void> {
    if (!this.jobs.length && this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking jobs, finishes the ones queued, then ends the worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.waiting) wake();
    this.waiting.clear();
    await this.running;
  }

  private wakeOne(): void {
    const [wake] = this.waiting;
    if (!wake) return;
    this.waiting.delete(wake);
    wake();
  }

  private async work(): Promise<void> {
    for (;;) {
      const job = this.jobs.shift();
      this.setDepth();
      if (!job) {
        if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        if (this.stopping) return;
        await new Promise<void>((resolve) => this.waiting.add(resolve));
        continue;
      }
      this.busy += 1;
      await this.process(job);
      this.busy -= 1;
    }
  }

  private setDepth(): void {
    this.stats.depth = this.jobs.length;
    webhookQueueDepth.set({ source: this.options.source ?? 'Vendor' }, this.jobs.length);
  }

  private async process(job: WebhookJob): Promise<void> {
    const attempts = this.options.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(job);
        this.stats.processed += 1;
        return;
      } catch (error) {
        const retriable = error instanceof PlexusError ? error.retriable : true;
        if (!retriable || attempt >= attempts) {
          this.stats.failed += 1;
          this.options.logger.error(
            { topic: job.topic, eventId: job.eventId, err: errorMessage(error) },
            `${this.options.source ?? 'Vendor'} webhook dropped; reconciliation will repair the record`,
          );
          return;
        }
        const delay = (this.options.retryDelayMs ?? 500) * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
