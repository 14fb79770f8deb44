import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopify webhook verification: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body,
 * keyed with the app secret. Any configured secret may match (two during a rotation). Like
 * shopify-app-js, the answer is a result object: a bad delivery is an expected input, not a crash.
 */

export type WebhookValidation =
  | {
      valid: true;
      topic: string;
      shop: string | undefined;
      eventId: string | undefined;
      triggeredAt: Date | undefined;
    }
  | { valid: false; reason: 'missing_hmac' | 'invalid_hmac' | 'missing_topic' | 'empty_body' };

export type HeaderBag = Record<string, string | string[] | undefined>;

const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export function signWebhook(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** Constant-time in the secret: every secret is tried, and the comparison is timingSafeEqual. */
export function hmacMatches(
  rawBody: Buffer,
  received: string,
  secrets: readonly string[],
): boolean {
  const given = Buffer.from(received, 'base64');
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

function parseTriggeredAt(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function validateWebhook(
  rawBody: Buffer | undefined,
  headers: HeaderBag,
  secrets: readonly string[],
): WebhookValidation {
  const hmac = header(headers, 'x-shopify-hmac-sha256');
  if (!hmac) return { valid: false, reason: 'missing_hmac' };
  if (!rawBody || rawBody.length === 0) return { valid: false, reason: 'empty_body' };
  if (!hmacMatches(rawBody, hmac, secrets)) return { valid: false, reason: 'invalid_hmac' };
  const topic = header(headers, 'x-shopify-topic');
  if (!topic) return { valid: false, reason: 'missing_topic' };
  return {
    valid: true,
    topic,
    shop: header(headers, 'x-shopify-shop-domain'),
    eventId: header(headers, 'x-shopify-event-id') ?? header(headers, 'x-shopify-webhook-id'),
    triggeredAt: parseTriggeredAt(header(headers, 'x-shopify-triggered-at')),
  };
}
