import { z } from 'zod';
import { errorMessage } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Clock } from '../common/clock';
import { HttpApiError } from '../common/http';
import type { BcClient, BcSet } from './client';

/**
 * BC webhook subscriptions, one per subscribable set, all to one notification URL. BC calls the
 * URL with a validation token on create and on renew (the route answers it). Subscriptions expire
 * after 3 days: the renew loop wakes before the earliest one is due and renews (PATCH with
 * If-Match) every subscription within `renewBeforeMs` of expiring; one that is gone (expired, or
 * deleted by BC after a refused delivery) is created again.
 */

const subscriptionSchema = z.object({
  '@odata.etag': z.string().optional(),
  subscriptionId: z.string().min(1),
  notificationUrl: z.string(),
  resource: z.string(),
  clientState: z.string().optional(),
  expirationDateTime: z.iso.datetime({ offset: true }),
});
const subscriptionList = z.object({ value: z.array(z.unknown()) });
type Subscription = z.infer<typeof subscriptionSchema>;

export interface SubscriptionOptions {
  client: BcClient;
  logger: Logger;
  clock: Clock;
  sets: readonly BcSet[];
  /** `https://…/webhooks/erp`; a function, since the ingress may start listening later. */
  notificationUrl: () => string;
  clientState: string;
  /** Renew this long before expiry (BC: 3 days; default 1 day before). */
  renewBeforeMs?: number;
  /** Longest sleep of the loop (it also retries failed creates at this pace). */
  maxSleepMs?: number;
}

export interface SubscriptionStats {
  created: number;
  renewed: number;
  failed: number;
  active: number;
}

interface Held {
  id: string;
  etag: string | undefined;
  expiresAt: number;
}

export class SubscriptionManager {
  private readonly held = new Map<BcSet, Held>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly counts = { created: 0, renewed: 0, failed: 0 };

  constructor(private readonly options: SubscriptionOptions) {}

  get stats(): SubscriptionStats {
    return { ...this.counts, active: this.held.size };
  }

  /** Expiry (epoch ms) of the subscription for `set`, if one is held. */
  expiresAt(set: BcSet): number | undefined {
    return this.held.get(set)?.expiresAt;
  }

  /**
   * Adopts live subscriptions of ours (same resource and URL, e.g. from before a restart) by
   * renewing them, which also brings their clientState up to date; creates the missing ones.
   */
  async ensure(): Promise<void> {
    const { client } = this.options;
    const url = this.options.notificationUrl();
    const listed = subscriptionList.parse(
      await client.json<unknown>({ url: client.subscriptionsUrl() }),
    );
    const existing = listed.value.flatMap((v) => {
      const s = subscriptionSchema.safeParse(v);
      return s.success ? [s.data] : [];
    });
    for (const set of this.options.sets) {
      if (this.held.has(set)) continue;
      const mine = existing.find(
        (s) => s.resource === client.resource(set) && s.notificationUrl === url,
      );
      await this.attempt(set, async () => {
        if (mine) {
          this.hold(set, mine);
          await this.renew(set);
        } else {
          await this.create(set);
        }
      });
    }
  }

  /** Renews every held subscription due within `renewBeforeMs`, and creates missing ones. */
  async renewDue(): Promise<void> {
    const due = this.options.clock.now() + this.renewBeforeMs;
    for (const [set, held] of this.held) {
      if (held.expiresAt <= due) await this.attempt(set, () => this.renew(set));
    }
    if (this.held.size < this.options.sets.length) await this.ensure();
  }

  /** Subscribes now, then keeps the subscriptions alive until stop(). */
  async start(): Promise<void> {
    try {
      await this.ensure();
    } catch (error) {
      this.counts.failed += 1;
      this.options.logger.error(
        { err: errorMessage(error) },
        'Business Central subscriptions failed',
      );
    }
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private get renewBeforeMs(): number {
    return this.options.renewBeforeMs ?? 24 * 3_600_000;
  }

  private schedule(): void {
    if (this.stopped) return;
    const maxSleep = this.options.maxSleepMs ?? 3_600_000;
    const now = this.options.clock.now();
    const nextDue = Math.min(
      ...[...this.held.values()].map((h) => h.expiresAt - this.renewBeforeMs - now),
    );
    const missing = this.held.size < this.options.sets.length;
    // A subscription that could not be made is tried again within a minute.
    const delay = Math.max(100, Math.min(maxSleep, missing ? 60_000 : nextDue));
    this.timer = setTimeout(() => {
      this.running = this.renewDue()
        .catch((error: unknown) => {
          this.counts.failed += 1;
          this.options.logger.error(
            { err: errorMessage(error) },
            'Business Central subscription renewal failed',
          );
        })
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  private async attempt(set: BcSet, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.counts.failed += 1;
      this.options.logger.error(
        {
          set,
          err: errorMessage(error),
          body: error instanceof HttpApiError ? error.body : undefined,
        },
        'Business Central subscription could not be created or renewed',
      );
    }
  }

  private hold(set: BcSet, s: Subscription): void {
    this.held.set(set, {
      id: s.subscriptionId,
      etag: s['@odata.etag'],
      expiresAt: Date.parse(s.expirationDateTime),
    });
  }

  private async create(set: BcSet): Promise<void> {
    const { client } = this.options;
    const body = await client.json<unknown>({
      method: 'POST',
      url: client.subscriptionsUrl(),
      body: {
        notificationUrl: this.options.notificationUrl(),
        resource: client.resource(set),
        clientState: this.options.clientState,
      },
    });
    this.hold(set, subscriptionSchema.parse(body));
    this.counts.created += 1;
    this.options.logger.info({ set }, 'Business Central subscription created');
  }

  private async renew(set: BcSet): Promise<void> {
    const held = this.held.get(set);
    if (!held) return this.create(set);
    const { client } = this.options;
    const url = `${client.subscriptionsUrl()}('${encodeURIComponent(held.id)}')`;
    const patch = (etag: string) =>
      client.json<unknown>({
        method: 'PATCH',
        url,
        headers: { 'if-match': etag },
        body: {
          notificationUrl: this.options.notificationUrl(),
          clientState: this.options.clientState,
        },
      });
    let body: unknown;
    try {
      body = await patch(held.etag ?? '*');
    } catch (error) {
      if (!(error instanceof HttpApiError)) throw error;
      if (error.status === 404) {
        // Expired, or deleted by BC after a refused delivery: subscribe again.
        this.held.delete(set);
        return this.create(set);
      }
      if (error.status !== 412) throw error;
      // Changed since we read it: renew whatever version is there now.
      body = await patch('*');
    }
    this.hold(set, subscriptionSchema.parse(body));
    this.counts.renewed += 1;
    this.options.logger.debug({ set }, 'Business Central subscription renewed');
  }
}
