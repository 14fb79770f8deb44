import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue, type HeaderBag } from '../common/ingress';
import { notificationSchema, type EntityChange } from './vendor';

/**
 * Intuit webhook verification: `intuit-signature` is the base64 HMAC-SHA256 of the raw body keyed
 * with the app's verifier token. Checked on the exact bytes received, in constant time, before the
 * body is parsed. A bad delivery is an expected input, so the answer is a result, not a throw.
 */

export type NotificationCheck =
  | { valid: true; realmIds: string[]; changes: (EntityChange & { realmId: string })[] }
  | {
      valid: false;
      reason: 'missing_signature' | 'invalid_signature' | 'empty_body' | 'not_json' | 'bad_shape';
    };

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
  const parsed = notificationSchema.safeParse(body);
  if (!parsed.success) return { valid: false, reason: 'bad_shape' };
  const notifications = parsed.data.eventNotifications;
  return {
    valid: true,
    realmIds: [...new Set(notifications.map((n) => n.realmId))],
    changes: notifications.flatMap((n) =>
      n.dataChangeEvent.entities.map((e) => ({ ...e, realmId: n.realmId })),
    ),
  };
}
