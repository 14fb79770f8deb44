import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { chance, createRng, type Rng } from './random';
import { WebhookSender } from './webhook-sender';

// At-least-once webhook delivery as vendors really do it: duplicates, reordering (random delay),
// retries with exponential backoff on failure, and a "drop" knob that loses a delivery on purpose
// so that a connector's reconciliation poll has something to repair.
export const deliveryKnobsSchema = z.object({
  /** Probability that a delivery is sent twice (same ids, same body). */
  duplicateRate: z.number().min(0).max(1).default(0),
  /** Each delivery waits a random [0, maxDelayMs) first, so later events can overtake it. */
  maxDelayMs: z.number().int().min(0).default(0),
  /** Probability that a delivery is never sent. */
  dropRate: z.number().min(0).max(1).default(0),
  /** Attempts per delivery, the first included (Shopify: 1 + 8 retries). */
  maxAttempts: z.number().int().min(1).default(9),
  /** First retry waits this long, then doubles (scaled down from the vendors' hours). */
  backoffMs: z.number().int().min(0).default(100),
  /** Whole-exchange timeout of one attempt (Shopify: 5 s). */
  timeoutMs: z.number().int().min(1).default(5000),
});
export type DeliveryKnobs = z.infer<typeof deliveryKnobsSchema>;

export interface Delivery {
  url: string;
  /**
   * The raw body, signed and sent byte for byte. A function builds it per attempt, for vendors
   * whose body counts attempts (HubSpot's `attemptNumber`, from 0).
   */
  body: string | ((attempt: number) => string);
  headers: Record<string, string>;
  /** Told once the delivery is over: delivered, given up, or refused for good. */
  onDone?: (outcome: DeliveryOutcome) => void;
}

export interface DeliveryOutcome {
  delivered: boolean;
  /** The last attempt's status. */
  status: number | 'error';
  attempts: number;
}

export interface DeliveryAttempt {
  url: string;
  headers: Record<string, string>;
  attempt: number;
  status: number | 'error';
  duplicate: boolean;
}

export interface DeliveryStats {
  queued: number;
  delivered: number;
  failed: number;
  dropped: number;
  duplicated: number;
  attempts: number;
}

export interface WebhookDelivererOptions {
  knobs?: Partial<DeliveryKnobs>;
  seed?: number;
  /**
   * Vendor signature: extra headers computed from the raw body and the target URL (HubSpot's v3
   * signature covers the URL and a timestamp), recomputed on every attempt.
   */
  sign?: (body: string, url: string) => Record<string, string>;
  /** Which failures are retried (default: all). Business Central retries only 408, 429 and 5xx. */
  retryable?: (status: number | 'error') => boolean;
  /** Connections per receiver (default 32); more deliveries in flight wait for one. */
  maxSockets?: number;
}

export class WebhookDeliverer {
  private current: DeliveryKnobs;
  private readonly rng: Rng;
  private readonly pending = new Set<Promise<void>>();
  private closed = false;
  /** Cuts short the waits of deliveries between attempts, so close() does not sit out a backoff. */
  private readonly closing = new AbortController();
  private readonly sender: WebhookSender;
  readonly stats: DeliveryStats = {
    queued: 0,
    delivered: 0,
    failed: 0,
    dropped: 0,
    duplicated: 0,
    attempts: 0,
  };
  /** Every attempt, newest last (bounded), for tests and the CLI. */
  readonly log: DeliveryAttempt[] = [];

  constructor(private readonly options: WebhookDelivererOptions = {}) {
    this.current = deliveryKnobsSchema.parse(options.knobs ?? {});
    this.rng = createRng(options.seed ?? 7);
    this.sender = new WebhookSender({ maxSockets: options.maxSockets });
  }

  get knobs(): Readonly<DeliveryKnobs> {
    return this.current;
  }

  set(patch: Partial<DeliveryKnobs>): void {
    this.current = deliveryKnobsSchema.parse({ ...this.current, ...patch });
  }

  /** Queues a delivery; returns at once (the vendor does not wait for the subscriber). */
  deliver(delivery: Delivery): void {
    if (this.closed) return;
    this.stats.queued += 1;
    if (chance(this.rng, this.current.dropRate)) {
      this.stats.dropped += 1;
      return;
    }
    this.track(this.run(delivery, false));
    if (chance(this.rng, this.current.duplicateRate)) {
      this.stats.duplicated += 1;
      this.track(this.run(delivery, true));
    }
  }

  /** Resolves when nothing is in flight (including retries scheduled meanwhile). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Connections open toward receivers, busy or idle. */
  get openSockets(): number {
    return this.sender.openSockets;
  }

  /** Attempts waiting for a connection: a receiver slower than the traffic makes this grow. */
  get waiting(): number {
    return this.sender.waiting;
  }

  /**
   * Stops new deliveries and retries, and drops the attempts still waiting for a connection (a
   * backlog toward a receiver that is gone would take minutes to fail one by one); attempts on a
   * connection finish, then the connections close.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    this.sender.dropWaiting();
    await this.idle();
    await this.sender.close();
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async run(delivery: Delivery, duplicate: boolean): Promise<void> {
    const { maxDelayMs } = this.current;
    if (maxDelayMs > 0) await this.sleep(Math.floor(this.rng() * maxDelayMs));
    for (let attempt = 1; ; attempt += 1) {
      if (this.closed) return;
      const body = typeof delivery.body === 'string' ? delivery.body : delivery.body(attempt - 1);
      const headers = { ...delivery.headers, ...this.options.sign?.(body, delivery.url) };
      const status = await this.attempt(delivery.url, body, headers);
      this.stats.attempts += 1;
      this.record({ url: delivery.url, headers, attempt, status, duplicate });
      if (typeof status === 'number' && status >= 200 && status < 300) {
        this.stats.delivered += 1;
        delivery.onDone?.({ delivered: true, status, attempts: attempt });
        return;
      }
      const retryable = this.options.retryable?.(status) ?? true;
      if (!retryable || attempt >= this.current.maxAttempts) {
        this.stats.failed += 1;
        delivery.onDone?.({ delivered: false, status, attempts: attempt });
        return;
      }
      await this.sleep(this.current.backoffMs * 2 ** (attempt - 1));
    }
  }

  private async attempt(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<number | 'error'> {
    try {
      return await this.sender.post(url, body, {
        headers: { 'content-type': 'application/json', ...headers },
        timeoutMs: this.current.timeoutMs,
      });
    } catch {
      return 'error';
    }
  }

  /** Resolves after `ms`, or at once when the deliverer closes. */
  private sleep(ms: number): Promise<void> {
    return delay(ms, undefined, { signal: this.closing.signal }).catch(() => undefined);
  }

  private record(attempt: DeliveryAttempt): void {
    this.log.push(attempt);
    if (this.log.length > 10_000) this.log.splice(0, this.log.length - 10_000);
  }
}
