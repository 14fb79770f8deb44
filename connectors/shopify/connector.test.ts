import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryCheckpointStore } from '../common/checkpoint';
import { startFakeShopify } from '../../test/doubles/shopify/fake-shopify';
import { bulkFiles, fakeStore } from '../../test/doubles/shopify/fake-store';
import * as f from '../../test/doubles/shopify/fixtures';
import { startShopifyConnector, WEBHOOK_PATH } from './index';
import { captureStream, quietLogger } from '../common/testkit';
import { signWebhook } from './webhook';

const SECRETS = ['whsec-new', 'whsec-old'];
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(failOnce = new Set<string>(), checkpoints = new MemoryCheckpointStore()) {
  let base = '';
  const fake = await startFakeShopify(
    fakeStore(() => base, failOnce),
    bulkFiles(),
  );
  base = fake.url;
  cleanup.push(fake.close);
  const stream = captureStream();
  const start = () =>
    startShopifyConnector({
      config: {
        shop: 'demo.myshopify.com',
        accessToken: 'shpat_test',
        webhookSecret: SECRETS,
        apiVersion: '2025-01',
        apiUrl: fake.url,
        ingressPort: 0,
        host: '127.0.0.1',
      },
      stream,
      namespace: 'test',
      logger: quietLogger(),
      checkpoints,
    }).then((c) => {
      cleanup.push(c.stop);
      return c;
    });
  return { fake, stream, checkpoints, connector: await start(), start };
}

const summary = (events: { topic: string; op: string; sourceId: string }[]) =>
  events.map((e) => `${e.topic} ${e.op} ${e.sourceId}`).sort();

/** The product a published level names: the one whose delete takes the level with it. */
const levelProduct = (events: { entity: string; payload: unknown }[]) =>
  (events.find((e) => e.entity === 'inventory-level')?.payload as { productId?: string } | null)
    ?.productId;

const EVERYTHING = [
  'test.shopify.customer.v1 upsert 7408123456789',
  'test.shopify.customer.v1 upsert 7408123456790',
  'test.shopify.inventory-level.v1 upsert 46123456789012:71234567890',
  'test.shopify.location.v1 upsert 71234567890',
  'test.shopify.order.v1 upsert 5612345678901',
  'test.shopify.product.v1 upsert 8812345678',
];

describe('Shopify connector backfill (against a local fake)', () => {
  it('pages through every entity and publishes on plexus.shopify.*.v1 in the namespace', async () => {
    const { connector, stream, checkpoints } = await setup();
    await expect(connector.backfill({ mode: 'paged' })).resolves.toEqual({
      mode: 'paged',
      records: 6,
    });
    expect(summary(stream.captured.events())).toEqual(EVERYTHING);
    expect(levelProduct(stream.captured.events())).toBe('8812345678');
    expect(await checkpoints.get('watermark:customer')).toBe('2024-05-11T09:00:00Z');
    // Done: a second run reads nothing again.
    await connector.backfill({ mode: 'paged' });
    expect(stream.captured.sent).toHaveLength(6);
  });

  it('resumes from the page after the last published one', async () => {
    const { connector, stream, fake, start } = await setup(new Set(['Customers:c1']));
    await expect(connector.backfill({ mode: 'paged' })).rejects.toMatchObject({ code: 'HTTP_400' });
    const before = stream.captured.sent.length;
    await connector.stop();
    const again = await start();
    await again.backfill({ mode: 'paged' });
    const customerReads = fake.requests.filter((r) => r.query.includes('query Customers'));
    expect(customerReads.map((r) => r.variables.after ?? null)).toEqual([null, 'c1', 'c1']);
    expect(stream.captured.sent.length - before).toBe(3); // customer 2, the order, the level
    expect(summary(stream.captured.events())).toEqual(EVERYTHING);
  });

  it('runs bulk operations and reassembles children by __parentId', async () => {
    const { connector, stream, fake } = await setup();
    await expect(connector.backfill({ mode: 'bulk', bulkPollMs: 1 })).resolves.toMatchObject({
      mode: 'bulk',
      records: 6,
    });
    expect(summary(stream.captured.events())).toEqual(EVERYTHING);
    const order = stream.captured.events().find((e) => e.entity === 'order');
    expect((order?.payload as { lineItems: unknown[] }).lineItems).toHaveLength(2);
    const product = stream.captured.events().find((e) => e.entity === 'product');
    expect((product?.payload as { variants: unknown[] }).variants).toHaveLength(1);
    expect(levelProduct(stream.captured.events())).toBe('8812345678');
    const runs = fake.requests.filter((r) => r.query.includes('mutation BulkRun'));
    expect(runs).toHaveLength(4);
  });
});

async function deliver(
  url: string,
  topic: string,
  body: unknown,
  headers: Record<string, string> = {},
  secret = SECRETS[1]!,
) {
  const raw = JSON.stringify(body);
  return fetch(`${url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': signWebhook(raw, secret),
      'x-shopify-shop-domain': 'demo.myshopify.com',
      ...headers,
    },
    body: raw,
  });
}

describe('Shopify connector webhooks (over HTTP)', () => {
  it('rejects a forged webhook with 401 and publishes nothing', async () => {
    const { connector, stream } = await setup();
    const response = await deliver(
      connector.ingress.url,
      'customers/update',
      f.restCustomer,
      {},
      'forged',
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    await new Promise((r) => setTimeout(r, 50));
    expect(stream.captured.sent).toHaveLength(0);
  });

  it('enqueues, de-duplicates on X-Shopify-Event-Id, maps and re-reads', async () => {
    const { connector, stream } = await setup();
    const url = connector.ingress.url;
    const first = await deliver(url, 'customers/update', f.restCustomer, {
      'x-shopify-event-id': 'e1',
    });
    const dup = await deliver(url, 'customers/update', f.restCustomer, {
      'x-shopify-event-id': 'e1',
    });
    expect([first.status, dup.status]).toEqual([200, 200]);
    await deliver(url, 'orders/updated', f.restOrder, { 'x-shopify-event-id': 'e2' });
    await deliver(
      url,
      'products/delete',
      { id: 8812345678 },
      { 'x-shopify-event-id': 'e3', 'x-shopify-triggered-at': '2024-06-01T00:00:00Z' },
    );
    await deliver(
      url,
      'inventory_levels/update',
      { inventory_item_id: 46123456789012, location_id: 71234567890, available: 40 },
      { 'x-shopify-event-id': 'e4' },
    );
    await vi.waitFor(() => expect(stream.captured.sent).toHaveLength(4), { timeout: 5000 });
    expect(summary(stream.captured.events())).toEqual([
      'test.shopify.customer.v1 upsert 7408123456789',
      'test.shopify.inventory-level.v1 upsert 46123456789012:71234567890',
      'test.shopify.order.v1 upsert 5612345678901',
      'test.shopify.product.v1 delete 8812345678',
    ]);
    const deleted = stream.captured.events().find((e) => e.op === 'delete');
    expect(deleted).toMatchObject({ payload: null, version: Date.parse('2024-06-01T00:00:00Z') });
    // The re-read level names the product whose delete removes it.
    expect(levelProduct(stream.captured.events())).toBe(deleted?.sourceId);
    expect(connector.stats().queue).toMatchObject({ enqueued: 4, processed: 4, failed: 0 });
  });
});

describe('Shopify connector reconciliation', () => {
  it('re-reads from the watermark minus the overlap and publishes what changed', async () => {
    const checkpoints = new MemoryCheckpointStore();
    for (const entity of ['customer', 'order', 'product', 'location', 'inventory-level']) {
      await checkpoints.set(`watermark:${entity}`, '2024-05-10T00:00:00.000Z');
    }
    const { connector, stream, fake } = await setup(new Set(), checkpoints);
    await connector.reconcile();
    const orders = fake.requests.find((r) => r.query.includes('query Orders'));
    expect(orders?.variables.query).toBe("updated_at:>'2024-05-09T23:59:00.000Z'");
    expect(summary(stream.captured.events())).toEqual(EVERYTHING);
    expect(await checkpoints.get('watermark:order')).toBe('2024-05-12T10:03:47Z');
  });

  it('lets one entity fail without holding back the others', async () => {
    const checkpoints = new MemoryCheckpointStore();
    for (const entity of ['customer', 'order', 'product', 'location', 'inventory-level']) {
      await checkpoints.set(`watermark:${entity}`, '2024-05-10T00:00:00.000Z');
    }
    const { connector, stream } = await setup(new Set(['Customers:']), checkpoints);
    await expect(connector.reconcile()).resolves.toMatchObject({ failed: ['customer'] });
    expect(summary(stream.captured.events())).toEqual(
      EVERYTHING.filter((e) => !e.includes('customer')),
    );
    expect(await checkpoints.get('watermark:customer')).toBe('2024-05-10T00:00:00.000Z');
  });

  it('starts watching from now when nothing was backfilled', async () => {
    const { connector, stream, checkpoints } = await setup();
    await connector.reconcile();
    expect(stream.captured.sent).toHaveLength(0);
    expect(Date.parse((await checkpoints.get('watermark:order'))!)).toBeGreaterThan(
      Date.now() - 60_000,
    );
  });
});
