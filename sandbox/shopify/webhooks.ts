import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookDeliverer } from '../toolkit/webhooks';
import { ShopEvents } from './events';
import type { Change, ShopStore } from './store';

// Webhook subscriptions and the mapping from store changes to Shopify deliveries: one event per
// change and topic (its X-Shopify-Event-Id is shared by every subscriber and every duplicate),
// signed (by the deliverer's `sign`, see index.ts) with the app secret over the exact bytes sent.
export const topics = {
  ORDERS_CREATE: 'orders/create',
  ORDERS_UPDATED: 'orders/updated',
  REFUNDS_CREATE: 'refunds/create',
  CUSTOMERS_CREATE: 'customers/create',
  CUSTOMERS_UPDATE: 'customers/update',
  CUSTOMERS_DELETE: 'customers/delete',
  PRODUCTS_CREATE: 'products/create',
  PRODUCTS_UPDATE: 'products/update',
  PRODUCTS_DELETE: 'products/delete',
  INVENTORY_LEVELS_UPDATE: 'inventory_levels/update',
  ORDERS_PAID: 'orders/paid',
  ORDERS_CANCELLED: 'orders/cancelled',
  FULFILLMENTS_CREATE: 'fulfillments/create',
  // The mandatory compliance topics: an app configures them, not webhookSubscriptionCreate (they
  // are not WebhookSubscriptionTopic values); subscribeAll stands in for that configuration.
  CUSTOMERS_DATA_REQUEST: 'customers/data_request',
  CUSTOMERS_REDACT: 'customers/redact',
  SHOP_REDACT: 'shop/redact',
} as const;
export type WebhookTopic = keyof typeof topics;

export interface WebhookSubscription {
  id: number;
  topic: WebhookTopic;
  callbackUrl: string;
  format: 'JSON' | 'XML';
  includeFields: string[];
  createdAt: string;
  updatedAt: string;
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
  subscribe(topic: WebhookTopic, callbackUrl: string, format: 'JSON' | 'XML' = 'JSON') {
    if (!/^https?:\/\/[^\s]+$/.test(callbackUrl)) {
      return {
        error: { field: ['webhookSubscription', 'callbackUrl'], message: 'Address is invalid' },
      };
    }
    for (const s of this.subscriptions.values()) {
      if (s.topic === topic && s.callbackUrl === callbackUrl) {
        return {
          error: {
            field: ['webhookSubscription', 'callbackUrl'],
            message: 'Address for this topic has already been taken',
          },
        };
      }
    }
    const at = this.store.stamp();
    const subscription: WebhookSubscription = {
      id: this.store.newId(),
      topic,
      callbackUrl,
      format,
      includeFields: [],
      createdAt: at,
      updatedAt: at,
    };
    this.subscriptions.set(subscription.id, subscription);
    return { subscription };
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
      const targets = [...this.subscriptions.values()].filter((s) => s.topic === topic);
      if (targets.length === 0) continue;
      const body = JSON.stringify(payload);
      const eventId = randomUUID();
      const triggeredAt = new Date().toISOString();
      for (const s of targets) {
        this.deliverer.deliver({
          url: s.callbackUrl,
          body,
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
