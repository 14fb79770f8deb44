import { z } from 'zod';
import { typeOfSubscription, type ObjectType } from './objects';

/**
 * The body HubSpot POSTs: an array (≤ 100) of events, one per watched property changed. Only
 * what the connector relies on is checked; other object types and event kinds are ignored.
 */

export const webhookEventSchema = z.object({
  eventId: z.number().int(),
  subscriptionId: z.number().int(),
  portalId: z.number().int(),
  occurredAt: z.number().int().positive(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().int().min(0).optional(),
  objectId: z.number().int().positive(),
  propertyName: z.string().optional(),
  changeSource: z.string().optional(),
});
export const webhookBodySchema = z.array(webhookEventSchema).min(1);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/**
 * What a delivery identifies: HubSpot says `eventId` alone is not guaranteed unique, so the key
 * adds what a retry repeats (object and instant) and leaves out what it changes (`attemptNumber`).
 */
export const eventKey = (e: WebhookEvent) => `${e.eventId}:${e.objectId}:${e.occurredAt}`;

const REREAD = new Set(['creation', 'propertyChange', 'restore', 'merge']);
const DELETE = new Set(['deletion', 'privacyDeletion']);

export interface WebhookWork {
  /** Objects to read again, per type. */
  reread: Map<ObjectType, Set<string>>;
  /** Objects gone, per type, with the instant they went (the delete's version). */
  deleted: Map<ObjectType, Map<string, number>>;
  ignored: number;
}

/** Groups a batch: the newest word per object wins (a creation then deletion is a delete). */
export function planWebhookWork(events: WebhookEvent[]): WebhookWork {
  const newest = new Map<string, { type: ObjectType; id: string; at: number; gone: boolean }>();
  let ignored = 0;
  for (const e of events) {
    const [object = '', kind = ''] = e.subscriptionType.split('.');
    const type = typeOfSubscription[object];
    const gone = DELETE.has(kind);
    if (!type || (!gone && !REREAD.has(kind))) {
      ignored += 1;
      continue;
    }
    const id = String(e.objectId);
    const key = `${type}:${id}`;
    const seen = newest.get(key);
    if (!seen || e.occurredAt > seen.at || (e.occurredAt === seen.at && gone)) {
      newest.set(key, { type, id, at: e.occurredAt, gone });
    }
  }
  const work: WebhookWork = { reread: new Map(), deleted: new Map(), ignored };
  for (const { type, id, at, gone } of newest.values()) {
    if (gone) {
      const map = work.deleted.get(type) ?? new Map<string, number>();
      map.set(id, at);
      work.deleted.set(type, map);
    } else {
      const set = work.reread.get(type) ?? new Set<string>();
      set.add(id);
      work.reread.set(type, set);
    }
  }
  return work;
}
