import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../toolkit/testing';
import { startQuickBooksSandbox, type QboSandbox } from './index';

const verifier = 'qbo-test-verifier';
let sb: QboSandbox;
let receiver: Receiver;
let cloud: Receiver;
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
  cloud = await startReceiver();
  sb.webhooks.subscribe(cloud.url, { format: 'cloudevents' });
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
  await cloud.close();
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

  it('sends the same changes to a CloudEvents subscription as an array of CloudEvents 1.0', async () => {
    const legacyBefore = receiver.received.length;
    const cloudBefore = cloud.received.length;
    const customer = sb.store.list('Customer')[1];
    if (!customer) throw new Error('no customer');
    sb.store.update('Customer', customer);
    const invoice = sb.store.list('Invoice').find((i) => i.LinkedTxn.length === 0);
    if (invoice) sb.store.delete('Invoice', invoice.Id);
    const legacy = (await receiver.waitFor(legacyBefore + 1))[legacyBefore];
    const got = (await cloud.waitFor(cloudBefore + 1))[cloudBefore];
    expect(verify(got?.rawBody ?? '', got?.headers['intuit-signature'])).toBe(true);
    expect(verify(`${got?.rawBody ?? ''} `, got?.headers['intuit-signature'])).toBe(false);
    const events = JSON.parse(got?.rawBody ?? '[]') as Record<string, unknown>[];
    expect(events[0]).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: expect.stringMatching(/^intuit\./),
      type: 'qbo.customer.updated.v1',
      datacontenttype: 'application/json',
      time: customer.MetaData.LastUpdatedTime,
      intuitentityid: customer.Id,
      intuitaccountid: sb.realmId,
      data: {},
    });
    if (invoice) {
      expect(events[1]).toMatchObject({
        type: 'qbo.invoice.deleted.v1',
        intuitentityid: invoice.Id,
      });
    }
    // The legacy subscriber was told of the very same changes.
    const entities = (
      JSON.parse(legacy?.rawBody ?? '{}') as {
        eventNotifications: {
          dataChangeEvent: { entities: { id: string; lastUpdated: string }[] };
        }[];
      }
    ).eventNotifications[0]?.dataChangeEvent.entities;
    expect(entities?.map((e) => [e.id, e.lastUpdated])).toEqual(
      events.map((e) => [e['intuitentityid'], e['time']]),
    );
    expect(new Set(events.map((e) => e['id'])).size).toBe(events.length);
  });

  it('traffic changes records and notifies', async () => {
    const before = receiver.received.length;
    sb.traffic.step(20);
    await receiver.waitFor(before + 1);
    expect(sb.traffic.count).toBe(20);
  });
});
