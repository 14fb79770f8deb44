import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { headerValue, type HeaderBag } from '../common/ingress';
import { changeOfCloudEvent, cloudEventsSchema, looksLikeCloudEvents } from './cloudevents';
import { notificationSchema, type EntityChange } from './vendor';

/**
 * Intuit webhook verification: `intuit-signature` is the base64 HMAC-SHA256 of the raw body keyed
 * with the app's verifier token. Checked on the exact bytes received, in constant time, before the
 * body is parsed. A bad delivery is an expected input, so the answer is a result, not a throw.
 * Both of Intuit's formats are accepted, told apart by shape: the legacy `{eventNotifications}`
 * object and the CloudEvents array (cloudevents.ts); either becomes the same list of changes.
 */

export type RealmChange = EntityChange & { realmId: string };

export type NotificationCheck =
  | { valid: true; format: 'legacy' | 'cloudevents'; realmIds: string[]; changes: RealmChange[] }
  | {
      valid: false;
      reason: 'missing_signature' | 'invalid_signature' | 'empty_body' | 'not_json';
    }
  | { valid: false; reason: 'bad_shape'; detail: string };

export function signNotification(rawBody: Buffer | string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(rawBody).digest('base64');
}

export function signatureMatches(rawBody: Buffer, received: string, verifierToken: string) {
  const given = Buffer.from(received, 'base64');
  const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function checkNotification(
  rawBody: Buffer,
  headers: HeaderBag,
  verifierToken: string,
): NotificationCheck {
  const signature = headerValue(headers, 'intuit-signature');
  if (!signature) return { valid: false, reason: 'missing_signature' };
  if (rawBody.length === 0) return { valid: false, reason: 'empty_body' };
  if (!signatureMatches(rawBody, signature, verifierToken)) {
    return { valid: false, reason: 'invalid_signature' };
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { valid: false, reason: 'not_json' };
  }
  if (looksLikeCloudEvents(body)) {
    const events = cloudEventsSchema.safeParse(body);
    if (!events.success) return badShape('CloudEvents', events.error);
    const changes = events.data.map(changeOfCloudEvent);
    return { valid: true, format: 'cloudevents', realmIds: realmsOf(changes), changes };
  }
  const parsed = notificationSchema.safeParse(body);
  if (!parsed.success) return badShape('eventNotifications', parsed.error);
  const changes = parsed.data.eventNotifications.flatMap((n) =>
    n.dataChangeEvent.entities.map((e) => ({ ...e, realmId: n.realmId })),
  );
  return { valid: true, format: 'legacy', realmIds: realmsOf(changes), changes };
}

const realmsOf = (changes: RealmChange[]) => [...new Set(changes.map((c) => c.realmId))];

/** The first problem is enough for a sender to fix its body, and keeps the answer short. */
function badShape(format: string, error: z.ZodError): NotificationCheck {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return {
    valid: false,
    reason: 'bad_shape',
    detail: `not a QuickBooks ${format} body${where}: ${issue?.message ?? 'invalid'}`,
  };
}
