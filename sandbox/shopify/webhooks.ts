import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookDeliverer } from '../toolkit/webhooks';
import { ShopEvents } from './events';
import { topics, type WebhookTopic } from './topics';
import type { Change, ShopStore } from './store';
import { matchesFilter, optionsError, pickFields, type UserError } from './subscription-options';

// Webhook subscriptions and the mapping from store changes to Shopify deliveries: one event per
// change and topic (its X-Shopify-Event-Id is shared by every subscriber and every duplicate),
// signed (by the deliverer's `sign`, see index.ts) with the app secret over the exact bytes sent.

export interface WebhookSubscription {
  id: number;
  topic: WebhookTopic;
  callbackUrl: string;
  format: 'JSON';
  includeFields: string[];
  filter: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionOptions {
  format?: 'JSON' | 'XML' | null;
  includeFields?: string[] | null;
  filter?: string | null;
}

export interface WebhookSettings {
  shopDomain: string;
  apiVersion: string;
  /** The shop's IANA zone and currency, as payloads carry them. */
  timezone: string;
  currency: string;
}

export function hmacOf(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export class ShopWebhooks {
  readonly subscriptions = new Map<number, WebhookSubscription>();
  private readonly events: ShopEvents;

  constructor(
    private readonly store: ShopStore,
    private readonly deliverer: WebhookDeliverer,
    private readonly settings: WebhookSettings,
  ) {
    this.events = new ShopEvents(store, settings);
    store.onChange((change) => this.onChange(change));
  }

  /** Returns the subscription or a user error, as webhookSubscriptionCreate does. */
  subscribe(
    topic: WebhookTopic,
    callbackUrl: string,
    options: SubscriptionOptions = {},
  ): { subscription: WebhookSubscription } | { error: UserError } {
    const error = optionsError({ callbackUrl, ...options }) ?? this.takenError(topic, callbackUrl);
    if (error) return { error };
    const at = this.store.stamp();
    const subscription: WebhookSubscription = {
      id: this.store.newId(),
      topic,
      callbackUrl,
      format: 'JSON',
      includeFields: [...(options.includeFields ?? [])],
      filter: options.filter || null,
      createdAt: at,
      updatedAt: at,
    };
    this.subscriptions.set(subscription.id, subscription);
    return { subscription };
  }

  /** webhookSubscriptionUpdate: what the input names is replaced, the rest kept. */
  update(
    id: number,
    input: SubscriptionOptions & { callbackUrl?: string | null },
  ): { subscription: WebhookSubscription } | { error: UserError } {
    const current = this.subscriptions.get(id);
    if (!current) {
      return { error: { field: ['id'], message: 'Webhook subscription does not exist' } };
    }
    const callbackUrl = input.callbackUrl ?? current.callbackUrl;
    const error =
      optionsError({ ...input, callbackUrl }) ??
      (callbackUrl === current.callbackUrl
        ? undefined
        : this.takenError(current.topic, callbackUrl));
    if (error) return { error };
    current.callbackUrl = callbackUrl;
    if (input.includeFields) current.includeFields = [...input.includeFields];
    if (input.filter !== undefined) current.filter = input.filter || null;
    current.updatedAt = this.store.stamp();
    return { subscription: current };
  }

  /** Filtered as the webhookSubscriptions query filters, oldest first. */
  list(args: { callbackUrl?: string | null; format?: string | null; topics?: string[] | null }) {
    return [...this.subscriptions.values()].filter(
      (s) =>
        (!args.callbackUrl || s.callbackUrl === args.callbackUrl) &&
        (!args.format || s.format === args.format) &&
        (!args.topics?.length || args.topics.includes(s.topic)),
    );
  }

  private takenError(topic: WebhookTopic, callbackUrl: string): UserError | undefined {
    for (const s of this.subscriptions.values()) {
      if (s.topic === topic && s.callbackUrl === callbackUrl) {
        return {
          field: ['webhookSubscription', 'callbackUrl'],
          message: 'Address for this topic has already been taken',
        };
      }
    }
    return undefined;
  }

  /** Subscribes one URL to every topic the sandbox emits (tests, `plexus start`). */
  subscribeAll(callbackUrl: string): void {
    for (const topic of Object.keys(topics) as WebhookTopic[]) this.subscribe(topic, callbackUrl);
  }

  unsubscribe(id: number): boolean {
    return this.subscriptions.delete(id);
  }

  private onChange(change: Change): void {
    for (const [topic, payload] of this.events.of(change)) {
      const targets = [...this.subscriptions.values()].filter(
        (s) => s.topic === topic && matchesFilter(payload, s.filter),
      );
      if (targets.length === 0) continue;
      const eventId = randomUUID();
      const triggeredAt = new Date().toISOString();
      for (const s of targets) {
        this.deliverer.deliver({
          url: s.callbackUrl,
          body: JSON.stringify(pickFields(payload, s.includeFields)),
          headers: {
            'X-Shopify-Topic': topics[topic],
            'X-Shopify-Shop-Domain': this.settings.shopDomain,
            'X-Shopify-API-Version': this.settings.apiVersion,
            'X-Shopify-Webhook-Id': randomUUID(),
            'X-Shopify-Event-Id': eventId,
            'X-Shopify-Triggered-At': triggeredAt,
          },
        });
      }
    }
  }
}
