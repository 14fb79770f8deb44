import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { BcSet } from './client';

/**
 * BC webhook notifications: `{value: [{subscriptionId, clientState, expirationDateTime, resource,
 * changeType, lastModifiedDateTime}]}`. BC signs nothing; the clientState we registered is the
 * only proof a notification is ours, so every item must carry it. Like the Shopify check, the
 * answer is a result object: a bad delivery is an expected input, not a crash.
 */

const notificationItem = z.object({
  subscriptionId: z.string().min(1),
  clientState: z.string().default(''),
  expirationDateTime: z.string().optional(),
  resource: z.string().min(1),
  // created | updated | deleted | collection; anything else BC may add is treated as a change.
  changeType: z.string().min(1),
  lastModifiedDateTime: z.iso.datetime({ offset: true }),
});
const notificationBody = z.object({ value: z.array(notificationItem).min(1) });
export type NotificationItem = z.infer<typeof notificationItem>;

export type NotificationCheck =
  | { valid: true; items: NotificationItem[] }
  | { valid: false; reason: 'not_json' | 'bad_shape' | 'client_state_mismatch'; status: 400 | 401 };

/** Constant-time, whatever the lengths: both sides are hashed to 32 bytes first. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function checkNotification(raw: Buffer, secrets: readonly string[]): NotificationCheck {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { valid: false, reason: 'not_json', status: 400 };
  }
  const parsed = notificationBody.safeParse(json);
  if (!parsed.success) return { valid: false, reason: 'bad_shape', status: 400 };
  const items = parsed.data.value;
  // Every secret is compared for every item, so the time taken says nothing about which matched.
  const ours = items.map((item) =>
    secrets.map((s) => sameSecret(item.clientState, s)).some(Boolean),
  );
  if (!ours.every(Boolean)) return { valid: false, reason: 'client_state_mismatch', status: 401 };
  return { valid: true, items };
}

export interface ResourceRef {
  set: BcSet;
  companyId: string;
  /** The record's GUID; absent for a `collection` (the whole set). */
  id?: string;
}

const known: readonly BcSet[] = [
  'customers',
  'items',
  'itemVariants',
  'locations',
  'locationStocks',
  'salesOrders',
  'salesShipments',
];

/**
 * `api/v2.0/companies({company})/customers({id})`, with or without a base URL, a tenant prefix or a
 * leading slash; a collection's resource carries a `?$filter=…` query, dropped here.
 */
export function parseResource(resource: string): ResourceRef | undefined {
  const path = decodeURIComponent(resource.split('?')[0] ?? '');
  const match = /companies\(([^)]+)\)\/(\w+)(?:\(([^)]+)\))?\/?$/.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  const set = known.find((s) => s === match[2]);
  if (!set) return undefined;
  const unquote = (key: string) => key.replace(/^'(.*)'$/, '$1').toLowerCase();
  return {
    set,
    companyId: unquote(match[1]),
    ...(match[3] ? { id: unquote(match[3]) } : {}),
  };
}

/** One notification item's identity: BC repeats the same item when it retries a delivery. */
export const notificationKey = (item: NotificationItem) =>
  `${item.subscriptionId}|${item.changeType}|${item.resource}|${item.lastModifiedDateTime}`;
