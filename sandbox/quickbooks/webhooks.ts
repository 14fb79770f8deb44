import { createHmac } from 'node:crypto';
import type { WebhookDeliverer } from '../toolkit/webhooks';
import type { Change, EntityName, QboStore } from './store';
import { qboTime } from './time';

// Intuit webhooks: the app's endpoint (set in the developer portal, here `subscribe`) receives
// the changes of a short window as one `eventNotifications` body, signed with `intuit-signature`
// (base64 HMAC-SHA256 of the body, keyed with the verifier token). Only ids travel; the
// subscriber reads the records (or CDC) itself.
export function intuitSignature(body: string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body, 'utf8').digest('base64');
}

interface Endpoint {
  url: string;
  /** Entities the app subscribed to; all when empty. */
  entities: EntityName[];
}

export class QboWebhooks {
  readonly endpoints: Endpoint[] = [];
  private pending: Change[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    store: QboStore,
    private readonly deliverer: WebhookDeliverer,
    private readonly settings: { realmId: string; batchMs: number },
  ) {
    store.onChange((change) => this.onChange(change));
  }

  subscribe(url: string, entities: EntityName[] = []): void {
    this.endpoints.push({ url, entities });
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
      const entities = changes
        .filter((c) => endpoint.entities.length === 0 || endpoint.entities.includes(c.name))
        .map((c) => ({
          name: c.name,
          id: c.id,
          operation: c.operation,
          lastUpdated: qboTime(c.at),
        }));
      if (entities.length === 0) continue;
      const body = JSON.stringify({
        eventNotifications: [{ realmId: this.settings.realmId, dataChangeEvent: { entities } }],
      });
      this.deliverer.deliver({ url: endpoint.url, body, headers: {} });
    }
  }
}
