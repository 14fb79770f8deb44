import { describe, expect, it } from 'vitest';
import { signatureV3 } from '../../sandbox/hubspot';
import { normaliseUri, signedUri, signV3, verifySignatureV3 } from './webhook';
import { planWebhookWork, type WebhookEvent } from './webhook-events';

const SECRET = 'app-secret';
const URI = 'https://hooks.example.com/webhooks/crm?portal=62515';
const BODY = '[{"eventId":1}]';
const NOW = 1_750_000_000_000;

const check = (headers: Record<string, string>, uri = URI, now = NOW) =>
  verifySignatureV3({ method: 'POST', uri, raw: Buffer.from(BODY), headers, secret: SECRET, now });
const signed = (timestamp: number, secret = SECRET, body = BODY) => ({
  'x-hubspot-signature-v3': signV3(secret, 'POST', URI, body, String(timestamp)),
  'x-hubspot-request-timestamp': String(timestamp),
});

describe('X-HubSpot-Signature-v3', () => {
  it('agrees with the sandbox signer and accepts a fresh, correct signature', () => {
    expect(signV3(SECRET, 'POST', URI, BODY, '1')).toBe(
      signatureV3(SECRET, 'POST', URI, BODY, '1'),
    );
    expect(check(signed(NOW - 1_000))).toEqual({ valid: true, timestamp: NOW - 1_000 });
  });

  it('refuses another secret, another body, another URI and a missing header', () => {
    expect(check(signed(NOW, 'other-secret'))).toMatchObject({ reason: 'invalid_signature' });
    expect(check(signed(NOW, SECRET, '[]'))).toMatchObject({ reason: 'invalid_signature' });
    expect(check(signed(NOW), 'https://evil.example.com/webhooks/crm?portal=62515')).toMatchObject({
      reason: 'invalid_signature',
    });
    expect(check({ 'x-hubspot-request-timestamp': String(NOW) })).toMatchObject({
      reason: 'missing_signature',
    });
    expect(check({ 'x-hubspot-signature-v3': 'abc' })).toMatchObject({
      reason: 'missing_timestamp',
    });
  });

  it('refuses a timestamp more than five minutes away, even correctly signed', () => {
    expect(check(signed(NOW - 5 * 60_000 - 1))).toMatchObject({ reason: 'stale_timestamp' });
    expect(check(signed(NOW - 5 * 60_000 + 1)).valid).toBe(true);
  });

  it('compares URIs with the characters HubSpot decodes decoded', () => {
    expect(normaliseUri('/webhooks/crm?a=%3A%2f%40&b=%20')).toBe('/webhooks/crm?a=:/@&b=%20');
  });

  it('rebuilds the signed URI from the configured URL or from Host', () => {
    expect(signedUri('/webhooks/crm?x=1', { host: '10.0.0.5:4010' }, URI)).toBe(
      'https://hooks.example.com/webhooks/crm?x=1',
    );
    expect(signedUri('/webhooks/crm', { host: '127.0.0.1:4010' })).toBe(
      'http://127.0.0.1:4010/webhooks/crm',
    );
  });
});

describe('planWebhookWork', () => {
  const event = (over: Partial<WebhookEvent>): WebhookEvent => ({
    eventId: 1,
    subscriptionId: 1,
    portalId: 1,
    occurredAt: 100,
    subscriptionType: 'contact.propertyChange',
    objectId: 7,
    ...over,
  });

  it('re-reads changed objects once, deletes gone ones, ignores other kinds', () => {
    const work = planWebhookWork([
      event({ objectId: 7, propertyName: 'email' }),
      event({ objectId: 7, propertyName: 'phone', occurredAt: 101 }),
      event({ objectId: 8, subscriptionType: 'contact.creation' }),
      event({ objectId: 8, subscriptionType: 'contact.deletion', occurredAt: 150 }),
      event({ objectId: 9, subscriptionType: 'deal.propertyChange' }),
      event({ objectId: 10, subscriptionType: 'ticket.creation' }),
      event({ objectId: 11, subscriptionType: 'contact.associationChange' }),
    ]);
    expect(work.reread).toEqual(
      new Map([
        ['contacts', new Set(['7'])],
        ['deals', new Set(['9'])],
      ]),
    );
    expect(work.deleted).toEqual(new Map([['contacts', new Map([['8', 150]])]]));
    expect(work.ignored).toBe(2);
  });
});
