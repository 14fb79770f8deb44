import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../toolkit/testing';
import { startHubSpotSandbox, type HubSpotSandbox } from './index';

const secret = 'hubspot-test-secret';
let sb: HubSpotSandbox;
let receiver: Receiver;
beforeAll(async () => {
  sb = await startHubSpotSandbox({
    port: 0,
    contacts: 5,
    companies: 2,
    deals: 2,
    clientSecret: secret,
    webhookBatchMs: 10,
    webhooks: { backoffMs: 5 },
  });
  receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
  sb.webhooks.subscribeAll(receiver.url);
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

/** Verifies v3 as a receiver would, independently of the sandbox's code. */
function verifyV3(rawBody: string, headers: Record<string, unknown>, uri: string): boolean {
  const timestamp = String(headers['x-hubspot-request-timestamp']);
  if (Math.abs(Date.now() - Number(timestamp)) > 5 * 60_000) return false;
  const expected = createHmac('sha256', secret).update(`POST${uri}${rawBody}${timestamp}`).digest();
  const given = Buffer.from(String(headers['x-hubspot-signature-v3']), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface HubEvent {
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  portalId: number;
  eventId: number;
  occurredAt: number;
  changeSource: string;
}

describe('HubSpot sandbox: webhooks', () => {
  it('sends batched events signed with v3, retries with a rising attemptNumber', async () => {
    const contact = sb.store.create('contacts', { email: 'new@example.com', firstname: 'New' });
    sb.store.update('contacts', contact.id, { lifecyclestage: 'customer' });
    sb.store.archive('contacts', contact.id);
    const [failed, ok] = await receiver.waitFor(2);
    for (const got of [failed, ok]) {
      expect(verifyV3(got?.rawBody ?? '', got?.headers ?? {}, receiver.url)).toBe(true);
      expect(verifyV3(`${got?.rawBody ?? ''} `, got?.headers ?? {}, receiver.url)).toBe(false);
    }
    const first = JSON.parse(failed?.rawBody ?? '[]') as HubEvent[];
    const retried = JSON.parse(ok?.rawBody ?? '[]') as HubEvent[];
    expect(first.map((e) => e.attemptNumber)).toEqual([0, 0, 0]);
    expect(retried.map((e) => e.attemptNumber)).toEqual([1, 1, 1]);
    expect(retried.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(first.map((e) => e.subscriptionType)).toEqual([
      'contact.creation',
      'contact.propertyChange',
      'contact.deletion',
    ]);
    expect(first[1]).toMatchObject({
      objectId: Number(contact.id),
      propertyName: 'lifecyclestage',
      propertyValue: 'customer',
      portalId: sb.portalId,
      changeSource: 'CRM_UI',
    });
  });

  it('can send stale timestamps so connectors can test the 5-minute window', async () => {
    const stale = await startHubSpotSandbox({
      port: 0,
      contacts: 1,
      companies: 0,
      deals: 0,
      clientSecret: secret,
      webhookBatchMs: 5,
      webhookTimestampSkewMs: 10 * 60_000,
    });
    const r = await startReceiver();
    try {
      stale.webhooks.subscribeAll(r.url);
      stale.traffic.step(5);
      const [got] = await r.waitFor(1);
      expect(verifyV3(got?.rawBody ?? '', got?.headers ?? {}, r.url)).toBe(false);
    } finally {
      await stale.close();
      await r.close();
    }
  });
});
