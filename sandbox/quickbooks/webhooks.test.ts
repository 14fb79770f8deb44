import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../toolkit/testing';
import { startQuickBooksSandbox, type QboSandbox } from './index';

const verifier = 'qbo-test-verifier';
let sb: QboSandbox;
let receiver: Receiver;
beforeAll(async () => {
  sb = await startQuickBooksSandbox({
    port: 0,
    customers: 5,
    items: 3,
    invoices: 10,
    verifierToken: verifier,
    webhookBatchMs: 10,
  });
  receiver = await startReceiver();
  sb.webhooks.subscribe(receiver.url);
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

function verify(rawBody: string, header: unknown): boolean {
  const expected = createHmac('sha256', verifier).update(rawBody).digest();
  const given = Buffer.from(String(header), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('QuickBooks sandbox: webhooks', () => {
  it('batches changes into one eventNotifications body signed with intuit-signature', async () => {
    const customer = sb.store.list('Customer')[0];
    if (!customer) throw new Error('no customer');
    sb.store.update('Customer', customer);
    const invoice = sb.store.list('Invoice').find((i) => i.LinkedTxn.length === 0);
    if (invoice) sb.store.delete('Invoice', invoice.Id);
    const [got] = await receiver.waitFor(1);
    expect(verify(got?.rawBody ?? '', got?.headers['intuit-signature'])).toBe(true);
    expect(verify(`${got?.rawBody ?? ''} `, got?.headers['intuit-signature'])).toBe(false);
    const body = JSON.parse(got?.rawBody ?? '{}') as {
      eventNotifications: {
        realmId: string;
        dataChangeEvent: { entities: Record<string, string>[] };
      }[];
    };
    expect(body.eventNotifications[0]?.realmId).toBe(sb.realmId);
    const entities = body.eventNotifications[0]?.dataChangeEvent.entities ?? [];
    expect(entities[0]).toEqual({
      name: 'Customer',
      id: customer.Id,
      operation: 'Update',
      lastUpdated: customer.MetaData.LastUpdatedTime,
    });
    if (invoice)
      expect(entities[1]).toMatchObject({ name: 'Invoice', id: invoice.Id, operation: 'Delete' });
  });

  it('traffic changes records and notifies', async () => {
    const before = receiver.received.length;
    sb.traffic.step(20);
    await receiver.waitFor(before + 1);
    expect(sb.traffic.count).toBe(20);
  });
});
