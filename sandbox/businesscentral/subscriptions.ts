import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { WebhookDeliverer } from '../toolkit/webhooks';
import { bcError } from './errors';
import { etagOf } from './odata';
import { parseResource } from './paths';
import type { BcStore, Change, EntitySet } from './store';

// BC webhook subscriptions: created and renewed only after the validation-token handshake, they
// expire after 3 days. Changes are gathered per subscription for a window and sent as one
// notification; more than `collectionThreshold` changes become a single `collection` item (the
// subscriber re-polls). Deliveries are retried only on 408, 429 and 5xx: any other reply deletes
// the subscription, as BC does.
export const subscriptionInputSchema = z.object({
  notificationUrl: z.url({ protocol: /^https?$/ }),
  resource: z.string().min(1),
  clientState: z.string().max(2048).optional(),
});

export interface Subscription {
  subscriptionId: string;
  notificationUrl: string;
  resource: string;
  userId: string;
  lastModifiedDateTime: string;
  clientState: string;
  expirationDateTime: string;
  systemCreatedAt: string;
  /** Which API, entity set and company the resource names (not served). */
  api: string;
  set: EntitySet;
  companyId: string;
}

export interface SubscriptionSettings {
  ttlHours: number;
  windowMs: number;
  collectionThreshold: number;
  userId: string;
}

export type Outcome = { status: number; body: unknown };

const notSubscribable: readonly EntitySet[] = ['salesShipments'];
export const retryableStatus = (status: number | 'error') =>
  status === 'error' || status === 408 || status === 429 || status >= 500;

export class BcSubscriptions {
  readonly subscriptions = new Map<string, Subscription>();
  private readonly pending = new Map<string, Change[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Handshakes made, with their outcome (tests, the CLI). */
  readonly handshakes: { url: string; ok: boolean }[] = [];

  constructor(
    private readonly store: BcStore,
    private readonly deliverer: WebhookDeliverer,
    private readonly settings: SubscriptionSettings,
  ) {
    store.onChange((change) => this.onChange(change));
  }

  /** Live subscriptions; expired ones are removed as BC cleans them up. */
  list(): Subscription[] {
    const now = this.store.clock.now();
    for (const [id, s] of this.subscriptions) {
      if (Date.parse(s.expirationDateTime) <= now) this.subscriptions.delete(id);
    }
    return [...this.subscriptions.values()];
  }

  get(id: string): Subscription | undefined {
    return this.list().find((s) => s.subscriptionId === id);
  }

  async create(input: unknown): Promise<Outcome> {
    const parsed = subscriptionInputSchema.safeParse(input);
    if (!parsed.success) {
      return { status: 400, body: bcError('BadRequest', parsed.error.issues[0]?.message ?? '') };
    }
    const { notificationUrl, resource, clientState = '' } = parsed.data;
    const target = parseResource(resource);
    if (!target || target.companyId !== this.store.companyId) {
      return {
        status: 400,
        body: bcError('BadRequest', `The resource '${resource}' is not valid.`),
      };
    }
    if (notSubscribable.includes(target.set)) {
      return {
        status: 400,
        body: bcError('BadRequest', `The entity set '${target.set}' does not support webhooks.`),
      };
    }
    if (!(await this.handshake(notificationUrl))) return handshakeFailed();
    const now = new Date(this.store.clock.now()).toISOString();
    const subscription: Subscription = {
      subscriptionId: randomBytes(16).toString('hex'),
      notificationUrl,
      resource,
      userId: this.settings.userId,
      lastModifiedDateTime: now,
      clientState,
      expirationDateTime: this.expiry(),
      systemCreatedAt: now,
      api: target.api,
      set: target.set,
      companyId: target.companyId,
    };
    this.subscriptions.set(subscription.subscriptionId, subscription);
    return { status: 201, body: serve(subscription) };
  }

  /** PATCH: renews (a new handshake, a new 3-day expiry); BC requires a matching If-Match. */
  async renew(id: string, ifMatch: string | undefined, input: unknown): Promise<Outcome> {
    const subscription = this.get(id);
    if (!subscription) {
      return {
        status: 404,
        body: bcError('BadRequest_NotFound', 'The subscription does not exist.'),
      };
    }
    if (!ifMatch) {
      return { status: 428, body: bcError('BadRequest', 'Could not find a header If-Match.') };
    }
    if (ifMatch !== '*' && ifMatch !== etagOf(etagSource(subscription))) {
      return {
        status: 412,
        body: bcError('Request_EntityChanged', 'Another user has already changed the record.'),
      };
    }
    const patch = subscriptionInputSchema.partial().safeParse(input ?? {});
    if (!patch.success) {
      return { status: 400, body: bcError('BadRequest', patch.error.issues[0]?.message ?? '') };
    }
    const url = patch.data.notificationUrl ?? subscription.notificationUrl;
    if (!(await this.handshake(url))) return handshakeFailed();
    subscription.notificationUrl = url;
    subscription.clientState = patch.data.clientState ?? subscription.clientState;
    subscription.expirationDateTime = this.expiry();
    subscription.lastModifiedDateTime = new Date(this.store.clock.now()).toISOString();
    return { status: 200, body: serve(subscription) };
  }

  remove(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private expiry(): string {
    return new Date(this.store.clock.now() + this.settings.ttlHours * 3_600_000).toISOString();
  }

  /** Calls `notificationUrl?validationToken=…` and wants the token back as text with a 200. */
  private async handshake(url: string): Promise<boolean> {
    const token = randomBytes(18).toString('base64url');
    const target = new URL(url);
    target.searchParams.set('validationToken', token);
    let ok = false;
    try {
      const response = await fetch(target, {
        method: 'POST',
        signal: AbortSignal.timeout(5000),
      });
      ok = response.status === 200 && (await response.text()) === token;
    } catch {
      ok = false;
    }
    this.handshakes.push({ url, ok });
    return ok;
  }

  private onChange(change: Change): void {
    for (const s of this.list()) {
      if (s.set !== change.set || s.companyId !== this.store.companyId) continue;
      const queue = this.pending.get(s.subscriptionId);
      if (queue) {
        queue.push(change);
        continue;
      }
      this.pending.set(s.subscriptionId, [change]);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.flush(s.subscriptionId);
      }, this.settings.windowMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  private flush(id: string): void {
    const changes = this.pending.get(id) ?? [];
    this.pending.delete(id);
    const s = this.get(id);
    if (!s || changes.length === 0) return;
    const base = `api/${s.api}/companies(${s.companyId})/${s.set}`;
    const common = {
      subscriptionId: s.subscriptionId,
      clientState: s.clientState,
      expirationDateTime: s.expirationDateTime,
    };
    const value =
      changes.length > this.settings.collectionThreshold
        ? [
            {
              ...common,
              resource: `${base}?$filter=lastModifiedDateTime%20gt%20${earliest(changes)}`,
              changeType: 'collection',
              lastModifiedDateTime: new Date(this.store.clock.now()).toISOString(),
            },
          ]
        : changes.map((c) => ({
            ...common,
            resource: `${base}(${c.id})`,
            changeType: c.changeType,
            lastModifiedDateTime: c.lastModifiedDateTime,
          }));
    this.deliverer.deliver({
      url: s.notificationUrl,
      body: JSON.stringify({ value }),
      headers: {},
      onDone: (outcome) => {
        if (!outcome.delivered && !retryableStatus(outcome.status)) this.remove(id);
      },
    });
  }
}

function earliest(changes: Change[]): string {
  const first = Math.min(...changes.map((c) => Date.parse(c.lastModifiedDateTime)));
  return new Date(first - 1).toISOString();
}

function handshakeFailed(): Outcome {
  return {
    status: 400,
    body: bcError(
      'BadRequest',
      'The subscription could not be created: the notification URL did not return the validation token.',
    ),
  };
}

function etagSource(s: Subscription) {
  return { id: s.subscriptionId, lastModifiedDateTime: s.lastModifiedDateTime };
}

/** The subscription as BC serves it: an OData entity without the sandbox's own fields. */
export function serve(s: Subscription) {
  const { api: _api, set: _set, companyId: _companyId, ...fields } = s;
  return {
    '@odata.etag': etagOf(etagSource(s)),
    ...fields,
    systemCreatedBy: s.userId,
    systemModifiedAt: s.lastModifiedDateTime,
    systemModifiedBy: s.userId,
  };
}
