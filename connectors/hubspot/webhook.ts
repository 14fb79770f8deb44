import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue, type HeaderBag } from '../common/ingress';

/**
 * HubSpot v3 webhook signatures: `X-HubSpot-Signature-v3` is the base64 HMAC-SHA256, keyed with
 * the app's client secret, of method + URI + raw body + `X-HubSpot-Request-Timestamp`. A
 * timestamp more than five minutes away is refused (replays). Like shopify-app-js, the answer is
 * a result object: a forged delivery is an expected input, not a crash.
 */

export const MAX_SKEW_MS = 5 * 60_000;

export type SignatureCheck =
  | { valid: true; timestamp: number }
  | {
      valid: false;
      reason: 'missing_signature' | 'missing_timestamp' | 'stale_timestamp' | 'invalid_signature';
    };

// HubSpot decodes these before signing (its docs list them), so a URI must be compared decoded.
const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function normaliseUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (m) => DECODED[m.toUpperCase()] ?? m,
  );
}

export function signV3(
  secret: string,
  method: string,
  uri: string,
  body: Buffer | string,
  timestamp: string,
): string {
  return createHmac('sha256', secret)
    .update(method)
    .update(normaliseUri(uri))
    .update(body)
    .update(timestamp)
    .digest('base64');
}

/**
 * The URI HubSpot signed: the configured target URL's origin with the path and query as
 * received, or, without one, `http(s)://<Host><path>` as this server was reached.
 */
export function signedUri(path: string, headers: HeaderBag, webhookUrl?: string): string {
  if (webhookUrl) return `${new URL(webhookUrl).origin}${path}`;
  const proto = headerValue(headers, 'x-forwarded-proto') ?? 'http';
  return `${proto}://${headerValue(headers, 'host') ?? 'localhost'}${path}`;
}

export function verifySignatureV3(input: {
  method: string;
  uri: string;
  raw: Buffer;
  headers: HeaderBag;
  secret: string;
  now: number;
}): SignatureCheck {
  const signature = headerValue(input.headers, 'x-hubspot-signature-v3');
  if (!signature) return { valid: false, reason: 'missing_signature' };
  const stamp = headerValue(input.headers, 'x-hubspot-request-timestamp');
  if (!stamp || !/^\d+$/.test(stamp)) return { valid: false, reason: 'missing_timestamp' };
  const timestamp = Number(stamp);
  if (Math.abs(input.now - timestamp) > MAX_SKEW_MS) {
    return { valid: false, reason: 'stale_timestamp' };
  }
  const expected = Buffer.from(
    signV3(input.secret, input.method, input.uri, input.raw, stamp),
    'base64',
  );
  const given = Buffer.from(signature, 'base64');
  // timingSafeEqual needs equal lengths; the length of a SHA-256 MAC is no secret.
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'invalid_signature' };
}
