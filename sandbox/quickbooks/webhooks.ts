import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookDeliverer } from '../toolkit/webhooks';
import type { Change, EntityName, Operation } from './model';
import type { QboStore } from './store';
import { qboTime } from './time';

// Intuit webhooks: the app's endpoint (set in the developer portal, here `subscribe`) receives
// the changes of a short window as one body, signed with `intuit-signature` (base64 HMAC-SHA256
// of the body, keyed with the verifier token). Only ids travel; the subscriber reads the records
// (or CDC) itself. Two body formats: the legacy `eventNotifications` object, and the CloudEvents
// array Intuit is moving to (one CloudEvents 1.0 object per change, `type` like
// `qbo.invoice.updated.v1`, the realm in `intuitaccountid`, the id in `intuitentityid`).
export function intuitSignature(body: string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body, 'utf8').digest('base64');
}

export type WebhookFormat = 'legacy' | 'cloudevents';

interface Endpoint {
  url: string;
  /** Entities the app subscribed to; all when empty. */
  entities: EntityName[];
  format: WebhookFormat;
}

export interface SubscribeOptions {
  entities?: EntityName[];
  /** Defaults to the sandbox's `webhookFormat`. */
  format?: WebhookFormat;
}

const PAST_TENSE: Record<Operation, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Merge: 'merged',
  Void: 'voided',
};

export class QboWebhooks {
  readonly endpoints: Endpoint[] = [];
  private pending: Change[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    store: QboStore,
    private readonly deliverer: WebhookDeliverer,
    private readonly settings: {
      realmId: string;
      batchMs: number;
      format: WebhookFormat;
      /** CloudEvents `source`. */
      source: string;
    },
  ) {
    store.onChange((change) => this.onChange(change));
  }

  subscribe(url: string, options: SubscribeOptions = {}): void {
    this.endpoints.push({
      url,
      entities: options.entities ?? [],
      format: options.format ?? this.settings.format,
    });
  }

  /** Stops deliveries to `url`; true when it was subscribed. */
  unsubscribe(url: string): boolean {
    const before = this.endpoints.length;
    this.endpoints.splice(0, this.endpoints.length, ...this.endpoints.filter((e) => e.url !== url));
    return this.endpoints.length < before;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private onChange(change: Change): void {
    if (this.endpoints.length === 0) return;
    this.pending.push(change);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.settings.batchMs);
    this.timer.unref();
  }

  private flush(): void {
    this.timer = undefined;
    const changes = this.pending;
    this.pending = [];
    for (const endpoint of this.endpoints) {
      const chosen = changes.filter(
        (c) => endpoint.entities.length === 0 || endpoint.entities.includes(c.name),
      );
      if (chosen.length === 0) continue;
      const body =
        endpoint.format === 'cloudevents' ? this.cloudEvents(chosen) : this.legacy(chosen);
      this.deliverer.deliver({ url: endpoint.url, body, headers: {} });
    }
  }

  private legacy(changes: Change[]): string {
    const entities = changes.map((c) => ({
      name: c.name,
      id: c.id,
      operation: c.operation,
      lastUpdated: qboTime(c.at),
    }));
    return JSON.stringify({
      eventNotifications: [{ realmId: this.settings.realmId, dataChangeEvent: { entities } }],
    });
  }

  private cloudEvents(changes: Change[]): string {
    return JSON.stringify(
      changes.map((c) => ({
        specversion: '1.0',
        id: randomUUID(),
        source: this.settings.source,
        type: `qbo.${c.name.toLowerCase()}.${PAST_TENSE[c.operation]}.v1`,
        datacontenttype: 'application/json',
        // The same whole-second time as the legacy `lastUpdated`, so both formats say the same.
        time: qboTime(c.at),
        intuitentityid: c.id,
        intuitaccountid: this.settings.realmId,
        data: {},
      })),
    );
  }
}
