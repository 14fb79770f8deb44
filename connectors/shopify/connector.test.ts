import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from '../../sandbox/shopify';
import { startFaultyProxy } from '../../test/doubles/shopify/faulty-proxy';
import * as f from '../../test/doubles/shopify/fixtures';
import {
  freePort,
  SANDBOX_WEBHOOK_SECRET,
  sandboxConfig,
} from '../../test/doubles/shopify/sandbox-config';
import { MemoryCheckpointStore } from '../common/checkpoint';
import { captureStream, quietLogger } from '../../test/doubles/testkit';
import {
  startShopifyConnector,
  WEBHOOK_PATH,
  WEBHOOK_TOPICS,
  type ShopifyConnector,
} from './index';
import { signWebhook } from './webhook';

// The connector against the Shopify sandbox over real HTTP, publishing into a capturing stream.

let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({
    port: 0,
    customers: 120,
    orders: 12,
    products: 6,
    locations: 2,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    restoreRate: 1_000,
    bulkDelayMs: 5,
    webhooks: { backoffMs: 5 },
  });
});
afterAll(() => sb.close());

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  for (const s of [...sb.webhooks.subscriptions.values()]) sb.webhooks.unsubscribe(s.id);
  sb.knobs.set({ error429Rate: 0 });
});

interface SetupOptions {
  checkpoints?: MemoryCheckpointStore;
  env?: Record<string, string>;
  apiUrl?: string;
}

async function setup(options: SetupOptions = {}) {
  const stream = captureStream();
  const checkpoints = options.checkpoints ?? new MemoryCheckpointStore();
  const start = async () => {
    const connector = await startShopifyConnector({
      config: sandboxConfig(sb, options.env, options.apiUrl),
      stream,
      namespace: 'test',
      logger: quietLogger(),
      checkpoints,
    });
    cleanup.push(connector.stop);
    return connector;
  };
  return { stream, checkpoints, connector: await start(), start };
}

const keys = (events: { topic: string; op: string; sourceId: string }[]) =>
  events.map((e) => `${e.topic.replace(/^test\.shopify\./, '')} ${e.op} ${e.sourceId}`).sort();

/** One upsert per record the sandbox holds: what a complete backfill publishes. */
function everything(): string[] {
  const { store } = sb;
  const upserts = (topic: string, ids: Iterable<number | string>) =>
    [...ids].map((id) => `${topic}.v1 upsert ${id}`);
  return [
    ...upserts('customer', store.customers.keys()),
    ...upserts('order', store.orders.keys()),
    ...upserts('product', store.products.keys()),
    ...upserts('location', store.locations.keys()),
    ...upserts(
      'inventory-level',
      [...store.inventoryLevels.values()].map((l) => `${l.inventoryItemId}:${l.locationId}`),
    ),
  ].sort();
}

describe('Shopify connector backfill (against the sandbox)', () => {
  it('pages through every entity once and remembers that it is done', async () => {
    const { connector, stream, checkpoints } = await setup();
    const expected = everything();
    await expect(connector.backfill({ mode: 'paged' })).resolves.toEqual({
      mode: 'paged',
      records: expected.length,
    });
    expect(keys(stream.captured.events())).toEqual(expected);
    const newest = [...sb.store.customers.values()]
      .map((c) => c.updatedAt)
      .sort()
      .at(-1);
    expect(await checkpoints.get('watermark:customer')).toBe(newest);
    await connector.backfill({ mode: 'paged' });
    expect(stream.captured.sent).toHaveLength(expected.length);
  });

  it('resumes from the page after the last published one', async () => {
    let cursor: string | undefined;
    const failed: string[] = [];
    // The second page of customers fails once; its cursor is the one the first page saved.
    const proxy = await startFaultyProxy(sb.url, (key) => {
      if (!key.startsWith('Customers:') || key === 'Customers:' || cursor) return false;
      cursor = key;
      failed.push(key);
      return true;
    });
    cleanup.push(proxy.close);
    const { connector, stream, start } = await setup({ apiUrl: proxy.url });
    await expect(connector.backfill({ mode: 'paged' })).rejects.toMatchObject({ code: 'HTTP_400' });
    await connector.stop();
    const again = await start();
    await again.backfill({ mode: 'paged' });
    expect(failed).toHaveLength(1);
    // Nothing published twice: the first page was not read again.
    expect(keys(stream.captured.events())).toEqual(everything());
  });

  it('runs bulk operations and reassembles children by __parentId', async () => {
    const { connector, stream } = await setup();
    const expected = everything();
    await expect(connector.backfill({ mode: 'bulk', bulkPollMs: 5 })).resolves.toMatchObject({
      mode: 'bulk',
      records: expected.length,
    });
    expect(keys(stream.captured.events())).toEqual(expected);
    for (const event of stream.captured.events().filter((e) => e.entity === 'order')) {
      const order = sb.store.orders.get(Number(event.sourceId));
      expect((event.payload as { lineItems: unknown[] }).lineItems).toHaveLength(
        order?.lineItems.length ?? -1,
      );
    }
  });
});

async function deliver(url: string, topic: string, body: unknown, secret: string) {
  const raw = JSON.stringify(body);
  return fetch(`${url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': signWebhook(raw, secret),
      'x-shopify-shop-domain': sb.shopDomain,
    },
    body: raw,
  });
}

/** A connector on a known port whose address it subscribes, as SHOPIFY_WEBHOOK_ADDRESS says. */
async function subscribed(options: SetupOptions = {}) {
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const env = { INGRESS_PORT: String(port), SHOPIFY_WEBHOOK_ADDRESS: address, ...options.env };
  const ours = `${address}${WEBHOOK_PATH}`;
  return { ...(await setup({ ...options, env })), ours };
}

/** Every delivery answered, and every webhook the connector accepted processed. */
const settled = async (connector: ShopifyConnector) => {
  await sb.deliveries.idle();
  await vi.waitFor(() => {
    const { enqueued, processed, failed } = connector.stats().queue;
    expect(processed + failed).toBe(enqueued);
  });
};

describe('Shopify connector webhooks (from the sandbox, over HTTP)', () => {
  it('subscribes every topic it maps to its own address, once, and leaves others alone', async () => {
    const foreign = sb.webhooks.subscribe('ORDERS_CREATE', 'https://elsewhere.example/hooks');
    const { connector, ours } = await subscribed();
    const first = await connector.ensureSubscriptions();
    const mine = [...sb.webhooks.subscriptions.values()].filter((s) => s.callbackUrl === ours);
    expect(mine.map((s) => s.topic).sort()).toEqual(Object.keys(WEBHOOK_TOPICS).sort());
    expect(mine.every((s) => s.format === 'JSON' && !s.filter && !s.includeFields.length)).toBe(
      true,
    );
    expect(first).toMatchObject({ active: mine.length, failed: 0 });
    // Idempotent: a second pass changes nothing.
    const second = await connector.ensureSubscriptions();
    expect(second).toEqual(first);
    expect(
      'subscription' in foreign && sb.webhooks.subscriptions.has(foreign.subscription.id),
    ).toBe(true);
  });

  it('puts back a subscription that was changed or removed behind its back', async () => {
    const { connector, ours } = await subscribed();
    await connector.ensureSubscriptions();
    const mine = () =>
      [...sb.webhooks.subscriptions.values()].filter((s) => s.callbackUrl === ours);
    const trimmed = mine().find((s) => s.topic === 'ORDERS_UPDATED')!;
    sb.webhooks.update(trimmed.id, { includeFields: ['id'], filter: 'financial_status:paid' });
    const gone = mine().find((s) => s.topic === 'REFUNDS_CREATE')!;
    sb.webhooks.unsubscribe(gone.id);
    const stats = await connector.ensureSubscriptions();
    expect(stats).toMatchObject({ updated: 1, failed: 0, active: mine().length });
    expect(
      mine()
        .map((s) => s.topic)
        .sort(),
    ).toEqual(Object.keys(WEBHOOK_TOPICS).sort());
    expect(sb.webhooks.subscriptions.get(trimmed.id)).toMatchObject({
      includeFields: [],
      filter: null,
    });
  });

  it('manages nothing without SHOPIFY_WEBHOOK_ADDRESS', async () => {
    const { connector } = await setup();
    await expect(connector.ensureSubscriptions()).resolves.toBeUndefined();
    expect(connector.stats().subscriptions).toBeUndefined();
    expect(sb.webhooks.subscriptions.size).toBe(0);
  });

  it('rejects a forged webhook with 401 and publishes nothing', async () => {
    const { connector, stream } = await setup();
    const response = await deliver(
      connector.ingress.url,
      'customers/update',
      f.restCustomer,
      'forged',
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    await settled(connector);
    expect(stream.captured.sent).toHaveLength(0);
    expect(connector.stats().queue.enqueued).toBe(0);
  });

  it('turns the sandbox webhooks into events, re-reading every order it names', async () => {
    const { connector, stream } = await subscribed();
    await connector.ensureSubscriptions();
    const { store } = sb;
    const order = [...store.orders.values()].find((o) => o.financialStatus === 'PAID')!;
    store.addRefund(order, '1.00', 'connector test');
    const customer = [...store.customers.values()][0]!;
    store.upsertCustomer({ ...customer, firstName: 'Grace' }, 'update');
    const level = [...store.inventoryLevels.values()][0]!;
    store.setQuantity(level, 'available', level.quantities.available + 3);
    const product = [...store.products.values()].at(-1)!;
    store.deleteProduct(product.id);
    await settled(connector);

    const events = stream.captured.events();
    const orderEvents = events.filter((e) => e.entity === 'order');
    // refunds/create and orders/updated: both re-read, both carry the refund just made.
    expect(orderEvents.length).toBeGreaterThanOrEqual(2);
    for (const e of orderEvents) {
      expect(e.sourceId).toBe(String(order.id));
      expect(e.payload).toMatchObject({
        financialStatus: 'partially_refunded',
        refunds: order.refunds.map((r) => ({ id: String(r.id), amount: r.amount })),
      });
    }
    expect(events.find((e) => e.entity === 'customer')?.payload).toMatchObject({
      id: String(customer.id),
      firstName: 'Grace',
    });
    expect(
      events.find((e) => e.entity === 'inventory-level' && e.op === 'upsert')?.payload,
    ).toMatchObject({
      id: `${level.inventoryItemId}:${level.locationId}`,
      quantities: { available: level.quantities.available },
    });
    expect(events.find((e) => e.entity === 'product')).toMatchObject({
      op: 'delete',
      sourceId: String(product.id),
    });
    expect(connector.stats().queue.failed).toBe(0);
  });
});

describe('Shopify connector reconciliation (against the sandbox)', () => {
  it('re-reads from the watermark and publishes what changed since', async () => {
    const { connector, stream } = await setup();
    await connector.backfill({ mode: 'paged' });
    const before = stream.captured.sent.length;
    const customer = [...sb.store.customers.values()][1]!;
    sb.store.upsertCustomer({ ...customer, lastName: 'Hopper' }, 'update');
    await connector.reconcile();
    const fresh = stream.captured.events().slice(before);
    expect(fresh.find((e) => e.sourceId === String(customer.id))?.payload).toMatchObject({
      lastName: 'Hopper',
    });
  });

  it('lets one entity fail without holding back the others', async () => {
    let failures = 0;
    const proxy = await startFaultyProxy(sb.url, (key) => {
      if (key !== 'Customers:' || failures) return false;
      failures += 1;
      return true;
    });
    cleanup.push(proxy.close);
    const checkpoints = new MemoryCheckpointStore();
    for (const entity of ['customer', 'order', 'product', 'location', 'inventory-level']) {
      await checkpoints.set(`watermark:${entity}`, '2000-01-01T00:00:00.000Z');
    }
    const { connector, stream } = await setup({ apiUrl: proxy.url, checkpoints });
    await expect(connector.reconcile()).resolves.toMatchObject({ failed: ['customer'] });
    expect(keys(stream.captured.events())).toEqual(
      everything().filter((k) => !k.startsWith('customer')),
    );
    expect(await checkpoints.get('watermark:customer')).toBe('2000-01-01T00:00:00.000Z');
  });
});
