import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusinessCentralSandbox, type BcSandbox } from './index';
import { bearer, call, startBcReceiver } from './testing';

let skewMs = 0;
let sb: BcSandbox;
let token: string;
const receivers: { close: () => Promise<void> }[] = [];
beforeAll(async () => {
  sb = await startBusinessCentralSandbox({
    port: 0,
    customers: 20,
    items: 5,
    salesOrders: 5,
    notificationWindowMs: 20,
    collectionThreshold: 5,
    webhooks: { backoffMs: 5, maxAttempts: 3 },
    clock: () => Date.now() + skewMs,
  });
  token = await bearer(sb);
});
afterAll(async () => {
  await sb.close();
  for (const r of receivers) await r.close();
});

const subscriptionsUrl = () => `${sb.url}/api/v2.0/subscriptions`;
const resource = (set: string) => `/api/v2.0/companies(${sb.companyId})/${set}`;

async function receiver(options: Parameters<typeof startBcReceiver>[0] = {}) {
  const r = await startBcReceiver(options);
  receivers.push(r);
  return r;
}

interface Notification {
  value: {
    subscriptionId: string;
    clientState: string;
    resource: string;
    changeType: string;
    expirationDateTime: string;
    lastModifiedDateTime: string;
  }[];
}

describe('Business Central sandbox: webhook subscriptions', () => {
  it('creates only after the validation-token handshake, with a 3-day expiry', async () => {
    const silent = await receiver({ echo: false });
    const refused = await call(subscriptionsUrl(), token, {
      method: 'POST',
      body: { notificationUrl: silent.url, resource: resource('customers'), clientState: 'x' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'BadRequest' } });

    const shipments = await call(subscriptionsUrl(), token, {
      method: 'POST',
      body: { notificationUrl: silent.url, resource: resource('salesShipments') },
    });
    expect(shipments.status).toBe(400);

    const good = await receiver();
    const created = await call(subscriptionsUrl(), token, {
      method: 'POST',
      body: { notificationUrl: good.url, resource: resource('customers'), clientState: 's3cret' },
    });
    expect(created.status).toBe(201);
    const expiry = Date.parse(String(created.body.expirationDateTime));
    expect(expiry - Date.now()).toBeGreaterThan(71.9 * 3600_000);
    expect(expiry - Date.now()).toBeLessThanOrEqual(72 * 3600_000);

    const customer = sb.store.list('customers')[0];
    if (!customer) throw new Error('no customer');
    sb.store.upsert('customers', customer);
    const [first] = (await good.waitFor(1)) as Notification[];
    expect(first?.value).toEqual([
      {
        subscriptionId: created.body.subscriptionId,
        clientState: 's3cret',
        expirationDateTime: created.body.expirationDateTime,
        resource: `api/v2.0/companies(${sb.companyId})/customers(${customer.id})`,
        changeType: 'updated',
        lastModifiedDateTime: customer.lastModifiedDateTime,
      },
    ]);
    await call(`${subscriptionsUrl()}('${String(created.body.subscriptionId)}')`, token, {
      method: 'DELETE',
    });
  });

  it('sends one collection notification when many records changed at once', async () => {
    const r = await receiver();
    await call(subscriptionsUrl(), token, {
      method: 'POST',
      body: { notificationUrl: r.url, resource: resource('customers') },
    });
    for (const c of sb.store.list('customers').slice(0, 8)) sb.store.upsert('customers', c);
    const [note] = (await r.waitFor(1)) as Notification[];
    expect(note?.value).toHaveLength(1);
    expect(note?.value[0]?.changeType).toBe('collection');
    expect(note?.value[0]?.resource).toContain('customers?$filter=lastModifiedDateTime%20gt%20');
  });

  it('expires after 3 days unless renewed with PATCH (a new handshake)', async () => {
    const r = await receiver();
    const created = await call(subscriptionsUrl(), token, {
      method: 'POST',
      body: { notificationUrl: r.url, resource: resource('items') },
    });
    const url = `${subscriptionsUrl()}('${String(created.body.subscriptionId)}')`;
    const noIfMatch = await call(url, token, { method: 'PATCH', body: {} });
    expect(noIfMatch.status).toBe(428);
    skewMs = 48 * 3600_000;
    token = await bearer(sb);
    const handshakes = sb.subscriptions.handshakes.length;
    const renewed = await call(url, token, {
      method: 'PATCH',
      body: {},
      headers: { 'if-match': String(created.body['@odata.etag']) },
    });
    expect(renewed.status).toBe(200);
    expect(sb.subscriptions.handshakes.length).toBe(handshakes + 1);
    expect(Date.parse(String(renewed.body.expirationDateTime))).toBeGreaterThan(
      Date.parse(String(created.body.expirationDateTime)),
    );
    skewMs = (48 + 73) * 3600_000;
    token = await bearer(sb);
    const gone = await call(url, token);
    expect(gone.status).toBe(404);
    const item = sb.store.list('items')[0];
    if (item) sb.store.upsert('items', item);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.notifications).toHaveLength(0);
    skewMs = 0;
    token = await bearer(sb);
  });

  it('notifies changes of the custom stock page under its own API path', async () => {
    const r = await receiver();
    const stockResource = `/api/plexus/inventory/v1.0/companies(${sb.companyId})/locationStocks`;
    const created = await call(subscriptionsUrl(), token, {
      method: 'POST',
      body: { notificationUrl: r.url, resource: stockResource },
    });
    expect(created.status).toBe(201);
    const stock = sb.store.list('locationStocks')[0];
    if (!stock) throw new Error('no stock');
    sb.store.upsert('locationStocks', stock);
    const [note] = (await r.waitFor(1)) as Notification[];
    expect(note?.value[0]?.resource).toBe(
      `api/plexus/inventory/v1.0/companies(${sb.companyId})/locationStocks(${stock.id})`,
    );
  });

  it('retries 5xx, but any other refusal deletes the subscription', async () => {
    const flaky = await receiver({ status: (n) => (n === 1 ? 503 : 200) });
    const refusing = await receiver({ status: () => 410 });
    const body = (url: string) => ({ notificationUrl: url, resource: resource('locations') });
    await call(subscriptionsUrl(), token, { method: 'POST', body: body(flaky.url) });
    const doomed = await call(subscriptionsUrl(), token, {
      method: 'POST',
      body: body(refusing.url),
    });
    const location = sb.store.list('locations')[0];
    if (!location) throw new Error('no location');
    sb.store.upsert('locations', location);
    await flaky.waitFor(2);
    await refusing.waitFor(1);
    await sb.deliveries.idle();
    expect(refusing.notifications).toHaveLength(1);
    const list = await call(subscriptionsUrl(), token);
    const ids = (list.body.value as { subscriptionId: string }[]).map((s) => s.subscriptionId);
    expect(ids).not.toContain(doomed.body.subscriptionId);
  });
});
