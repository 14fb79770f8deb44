import { createHash, createHmac, randomInt } from 'node:crypto';
import type { WebhookDeliverer } from '../toolkit/webhooks';
import type { Change, HubStore, ObjectType } from './store';
import { singular } from './store';

// App webhooks: subscriptions per event type (`contact.creation`, `contact.propertyChange` for a
// named property, `contact.deletion`, …), events gathered for a short window and POSTed as one
// array (≤ 100 per request) to the app's target URL, signed with v3 (and v1) signatures.
export type EventKind = 'creation' | 'propertyChange' | 'deletion';

export interface HubSubscription {
  id: number;
  subscriptionType: string;
  propertyName?: string;
  targetUrl: string;
  active: boolean;
}

export interface WebhookSettings {
  portalId: number;
  appId: number;
  batchMs: number;
}

interface Event {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource: string;
  changeFlag?: string;
}

/** `X-HubSpot-Signature-v3`: base64 HMAC-SHA256 of method + URI + body + timestamp. */
export function signatureV3(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', secret)
    .update(method + uri + body + timestamp, 'utf8')
    .digest('base64');
}

/** The deliverer's signer; the timestamp is taken at each attempt (skewed to test the window). */
export function hubSigner(secret: string, timestampSkewMs: number) {
  return (body: string, url: string): Record<string, string> => {
    const timestamp = String(Date.now() - timestampSkewMs);
    return {
      'X-HubSpot-Signature-v3': signatureV3(secret, 'POST', url, body, timestamp),
      'X-HubSpot-Request-Timestamp': timestamp,
      // v1, still sent alongside: hex SHA-256 of secret + body.
      'X-HubSpot-Signature': createHash('sha256')
        .update(secret + body, 'utf8')
        .digest('hex'),
      'X-HubSpot-Signature-Version': 'v1',
    };
  };
}

/** The watched properties `subscribeAll` chooses, per object type. */
const watched: Record<ObjectType, string[]> = {
  contacts: ['email', 'firstname', 'lastname', 'phone', 'lifecyclestage', 'hs_lead_status'],
  companies: ['name', 'domain'],
  deals: ['dealname', 'amount', 'dealstage', 'closedate'],
};

export class HubWebhooks {
  readonly subscriptions = new Map<number, HubSubscription>();
  private nextId = 1;
  private queue: { url: string; event: Omit<Event, 'attemptNumber'> }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    store: HubStore,
    private readonly deliverer: WebhookDeliverer,
    private readonly settings: WebhookSettings,
  ) {
    store.onChange((change) => this.onChange(change));
  }

  subscribe(input: Omit<HubSubscription, 'id' | 'active'>): HubSubscription {
    const subscription = { ...input, id: this.nextId++, active: true };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  /** Creation, deletion and the usual property changes of every type, to one URL. */
  subscribeAll(targetUrl: string): void {
    for (const [type, properties] of Object.entries(watched) as [ObjectType, string[]][]) {
      const name = singular[type];
      this.subscribe({ subscriptionType: `${name}.creation`, targetUrl });
      this.subscribe({ subscriptionType: `${name}.deletion`, targetUrl });
      for (const propertyName of properties) {
        this.subscribe({ subscriptionType: `${name}.propertyChange`, propertyName, targetUrl });
      }
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }

  private onChange(change: Change): void {
    const name = singular[change.type];
    const subscriptionType = `${name}.${change.kind}`;
    const base = {
      portalId: this.settings.portalId,
      appId: this.settings.appId,
      occurredAt: change.occurredAt,
      subscriptionType,
      objectId: Number(change.object.id),
      changeSource: change.changeSource,
    };
    for (const s of this.subscriptions.values()) {
      if (!s.active || s.subscriptionType !== subscriptionType) continue;
      if (change.kind !== 'propertyChange') {
        this.enqueue(s.targetUrl, {
          ...base,
          eventId: randomInt(1, 2 ** 31),
          subscriptionId: s.id,
          changeFlag: change.kind === 'creation' ? 'NEW' : 'DELETED',
        });
        continue;
      }
      for (const [propertyName, value] of change.changed) {
        if (propertyName !== s.propertyName) continue;
        this.enqueue(s.targetUrl, {
          ...base,
          eventId: randomInt(1, 2 ** 31),
          subscriptionId: s.id,
          propertyName,
          propertyValue: value ?? '',
        });
      }
    }
  }

  private enqueue(url: string, event: Omit<Event, 'attemptNumber'>): void {
    this.queue.push({ url, event });
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.settings.batchMs);
    this.timer.unref();
  }

  private flush(): void {
    this.timer = undefined;
    const byUrl = new Map<string, Omit<Event, 'attemptNumber'>[]>();
    for (const { url, event } of this.queue) byUrl.set(url, [...(byUrl.get(url) ?? []), event]);
    this.queue = [];
    for (const [url, events] of byUrl) {
      for (let i = 0; i < events.length; i += 100) {
        const batch = events.slice(i, i + 100);
        this.deliverer.deliver({
          url,
          // attemptNumber counts from 0 and is part of the signed body.
          body: (attempt) => JSON.stringify(batch.map((e) => ({ ...e, attemptNumber: attempt }))),
          headers: {},
        });
      }
    }
  }
}
