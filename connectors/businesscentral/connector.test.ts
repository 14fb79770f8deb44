import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBusinessCentralSandbox, type BcSandbox } from '../../sandbox/businesscentral';
import { MemoryCheckpointStore } from '../common/checkpoint';
import type { Clock } from '../common/clock';
import { captureStream, quietLogger } from '../../test/doubles/testkit';
import {
  startBusinessCentralConnector,
  WEBHOOK_PATH,
  type BusinessCentralConnector,
} from './index';
import { postForgedNotification, sandboxConfig } from '../../test/doubles/businesscentral';

// The connector against the BC sandbox over real HTTP, publishing into a capturing stream.

const CLIENT_STATE = 'unit-test-client-state';
let skewMs = 0;
const clock: Clock = {
  now: () => Date.now() + skewMs,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

let sb: BcSandbox;
beforeAll(async () => {
  sb = await startBusinessCentralSandbox({
    port: 0,
    customers: 25,
    items: 10,
    salesOrders: 30,
    notificationWindowMs: 20,
    collectionThreshold: 20,
    webhooks: { backoffMs: 5 },
    clock: () => Date.now() + skewMs,
  });
});
afterAll(async () => {
  await sb.close();
});

const running: BusinessCentralConnector[] = [];
afterEach(async () => {
  skewMs = 0;
  for (const s of sb.subscriptions.list()) sb.subscriptions.remove(s.subscriptionId);
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

async function start(
  options: { checkpoints?: MemoryCheckpointStore; renewBeforeMs?: number; env?: object } = {},
) {
  const stream = captureStream();
  const config = sandboxConfig(sb, {
    BC_WEBHOOK_CLIENT_STATE: CLIENT_STATE,
    BC_PAGE_SIZE: '7',
    BC_POLL_INTERVAL_SECONDS: '3600',
    ...options.env,
  });
  const connector = await startBusinessCentralConnector({
    config,
    stream,
    logger: quietLogger(),
    checkpoints: options.checkpoints ?? new MemoryCheckpointStore(),
    clock,
    ...(options.renewBeforeMs !== undefined ? { renewBeforeMs: options.renewBeforeMs } : {}),
  });
  running.push(connector);
  return { connector, events: () => stream.captured.events() };
}

const ids = (events: { entity: string; sourceId: string; op: string }[], entity: string) =>
  new Set(events.filter((e) => e.entity === entity && e.op === 'upsert').map((e) => e.sourceId));

/** Notifications delivered (the sandbox gathers them for a window first) and processed. */
async function settle(connector: BusinessCentralConnector) {
  await new Promise((resolve) => setTimeout(resolve, 60));
  await sb.deliveries.idle();
  await connector.idle();
}

describe('Business Central connector: backfill', () => {
  it('publishes every record of every set once, versioned by lastModifiedDateTime', async () => {
    const { connector, events } = await start();
    const result = await connector.backfill();
    const all = events();
    expect(result.records).toBe(all.length);
    const { store } = sb;
    expect(ids(all, 'customer')).toEqual(new Set(store.list('customers').map((c) => c.id)));
    expect(ids(all, 'item')).toEqual(new Set(store.list('items').map((i) => i.id)));
    expect(ids(all, 'location')).toEqual(new Set(store.list('locations').map((l) => l.code)));
    expect(ids(all, 'inventory-level')).toEqual(
      new Set(store.list('locationStocks').map((s) => `${s.itemNumber}:${s.locationCode}`)),
    );
    expect(ids(all, 'sales-order')).toEqual(new Set(store.list('salesOrders').map((o) => o.id)));
    expect(ids(all, 'shipment')).toEqual(new Set(store.list('salesShipments').map((s) => s.id)));
    expect(all).toHaveLength(
      ['customers', 'items', 'locations', 'locationStocks', 'salesOrders', 'salesShipments']
        .map((set) => store.list(set as 'items').length)
        .reduce((a, b) => a + b, 0),
    );
    const order = store.list('salesOrders')[0];
    const event = all.find((e) => e.sourceId === order?.id);
    expect(event?.version).toBe(Date.parse(order?.lastModifiedDateTime ?? ''));
    expect(event?.payload).toMatchObject({
      number: order?.number,
      lines: (store.lines.get(order?.id ?? '') ?? []).map((l) => ({
        sku: l.lineObjectNumber,
        quantity: l.quantity,
        locationCode: store.get('locations', l.locationId)?.code,
      })),
    });
    // One token for the whole backfill; pages of 7 (customers 25 → 4 requests).
    expect(connector.stats().tokens.issued).toBe(1);
    expect(connector.stats().records.invalid).toBe(0);
  });

  it('resumes from the saved nextLink after a crash, without reading the first pages again', async () => {
    const checkpoints = new MemoryCheckpointStore();
    let saves = 0;
    const crashing = Object.assign(Object.create(checkpoints) as MemoryCheckpointStore, {
      async set(key: string, value: string) {
        await checkpoints.set(key, value);
        if (key === 'backfill:customers' && ++saves === 3) throw new Error('crash');
      },
    });
    const first = await start({ checkpoints: crashing });
    await expect(first.connector.backfill()).rejects.toThrow('crash');
    const before = ids(first.events(), 'customer');
    expect(before.size).toBe(7 * 2);

    const second = await start({ checkpoints });
    await second.connector.backfill();
    const after = second.events();
    const customers = ids(after, 'customer');
    // Pages already published are not read again; together the two runs have everyone.
    expect([...customers].filter((id) => before.has(id))).toEqual([]);
    expect(new Set([...before, ...customers])).toEqual(
      new Set(sb.store.list('customers').map((c) => c.id)),
    );
    // Sets finished before the crash are not read again either.
    expect(ids(after, 'location').size).toBe(0);
  });
});

describe('Business Central connector: shipment tracking', () => {
  const shipments = (events: { entity: string; payload: unknown }[]) =>
    events.filter((e) => e.entity === 'shipment').map((e) => e.payload as Record<string, unknown>);

  it('reads tracking from the custom page BC_SHIPMENT_API names, none from the standard one', async () => {
    const custom = await start({ env: { BC_SHIPMENT_API: 'plexus/shipping/v1.0' } });
    await custom.connector.backfill();
    const byId = new Map(sb.store.list('salesShipments').map((s) => [s.id, s]));
    const read = shipments(custom.events());
    expect(read.length).toBe(byId.size);
    const tracked = read.filter((p) => p.trackingNumber !== undefined);
    expect(tracked.length).toBeGreaterThan(0);
    for (const payload of read) {
      const stored = byId.get(String(payload.id));
      expect(payload.trackingNumber ?? '').toBe(stored?.packageTrackingNo);
      expect(payload.trackingCompany ?? '').toBe(stored?.shippingAgentCode);
      if (payload.trackingNumber) expect(payload.trackingUrl).toContain(payload.trackingNumber);
    }
    const standard = await start();
    await standard.connector.backfill();
    const plain = shipments(standard.events());
    expect(plain.length).toBe(byId.size);
    expect(plain.filter((p) => 'trackingNumber' in p || 'trackingCompany' in p)).toEqual([]);
  });
});

describe('Business Central connector: tokens', () => {
  it('re-authenticates on a 401 and refreshes a token before it expires', async () => {
    const { connector } = await start();
    // The first pass only sets the watermarks (no backfill ran); the second reads.
    await connector.reconcile();
    await connector.reconcile();
    expect(connector.stats().tokens.issued).toBe(1);
    sb.tokens.revokeAll();
    const result = await connector.reconcile();
    expect(result.failed).toEqual([]);
    // Every concurrent poll met the 401; they share the re-authentication.
    const { issued, invalidated } = connector.stats().tokens;
    expect(invalidated).toBeGreaterThanOrEqual(1);
    expect(issued).toBe(1 + invalidated);
    expect(issued).toBeLessThan(4);
    // 3599 s tokens are refreshed 5 minutes early: at +56 minutes a new one is fetched first.
    skewMs = 56 * 60_000;
    await connector.reconcile();
    expect(connector.stats().tokens).toEqual({ issued: issued + 1, invalidated });
  });
});

describe('Business Central connector: subscriptions and notifications', () => {
  it('subscribes every subscribable set through the handshake, and renews before expiry', async () => {
    const { connector } = await start();
    await connector.startIncremental();
    const live = sb.subscriptions.list();
    expect(live.map((s) => s.resource.split('/').at(-1)).sort()).toEqual([
      'customers',
      'itemVariants',
      'items',
      'locationStocks',
      'locations',
      'salesOrders',
    ]);
    expect(live.every((s) => s.clientState === CLIENT_STATE)).toBe(true);
    expect(live.every((s) => s.notificationUrl === `${connector.ingress.url}${WEBHOOK_PATH}`)).toBe(
      true,
    );
    const expiry = Date.parse(live[0]?.expirationDateTime ?? '');

    // Not due yet: nothing renewed.
    await connector.renewSubscriptions();
    expect(connector.stats().subscriptions.renewed).toBe(0);
    // 2.5 days later every subscription is within a day of its expiry: all renewed.
    skewMs = 60 * 3_600_000;
    await connector.renewSubscriptions();
    expect(connector.stats().subscriptions.renewed).toBe(6);
    const renewed = sb.subscriptions.list();
    expect(renewed).toHaveLength(6);
    expect(Date.parse(renewed[0]?.expirationDateTime ?? '')).toBeGreaterThan(
      expiry + 59 * 3_600_000,
    );
    // Four days on, unrenewed, BC has dropped them: they are created again.
    skewMs += 4 * 24 * 3_600_000;
    expect(sb.subscriptions.list()).toHaveLength(0);
    await connector.renewSubscriptions();
    expect(sb.subscriptions.list()).toHaveLength(6);
    expect(connector.stats().subscriptions).toMatchObject({ created: 12, failed: 0 });
  });

  it('keeps subscriptions alive with its own renew loop', async () => {
    // BC's 72 h scaled down: the sandbox grants 3.6 s; the connector renews 2.5 s before expiry,
    // a margin wide enough for a busy machine.
    const short = await startBusinessCentralSandbox({
      port: 0,
      customers: 2,
      items: 1,
      salesOrders: 0,
      subscriptionTtlHours: 0.001,
    });
    let connector: BusinessCentralConnector | undefined;
    try {
      const config = sandboxConfig(short, { BC_WEBHOOK_CLIENT_STATE: CLIENT_STATE });
      connector = await startBusinessCentralConnector({
        config,
        stream: captureStream(),
        logger: quietLogger(),
        checkpoints: new MemoryCheckpointStore(),
        renewBeforeMs: 2_500,
      });
      await connector.startIncremental();
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      // Past the first 3.6 s expiry, every subscription is still there, renewed at least once.
      expect(short.subscriptions.list()).toHaveLength(6);
      expect(connector.stats().subscriptions.renewed).toBeGreaterThanOrEqual(6);
      expect(connector.stats().subscriptions.created).toBe(6);
    } finally {
      // The connector first, so no renewal is in flight when the sandbox goes.
      await connector?.stop();
      await short.close();
    }
  });

  it('re-polls on a notification and publishes deletes; a forged one changes nothing', async () => {
    const { connector, events } = await start();
    await connector.backfill();
    await connector.startIncremental();
    await settle(connector);
    const published = events().length;

    const customer = sb.store.list('customers')[0];
    if (!customer) throw new Error('no customer');
    customer.phoneNumber = '+15550001111';
    sb.store.upsert('customers', customer);
    const orphan = sb.store
      .list('customers')
      .find(
        (c) =>
          c.id !== customer.id && !sb.store.list('salesOrders').some((o) => o.customerId === c.id),
      );
    if (!orphan) throw new Error('no customer without orders');
    sb.store.delete('customers', orphan.id);
    await settle(connector);

    const fresh = events().slice(published);
    const update = fresh.find((e) => e.sourceId === customer.id && e.op === 'upsert');
    expect(update?.payload).toMatchObject({ phoneNumber: '+15550001111' });
    expect(update?.version).toBe(Date.parse(customer.lastModifiedDateTime));
    const removed = fresh.find((e) => e.sourceId === orphan.id);
    expect(removed).toMatchObject({ op: 'delete', entity: 'customer', payload: null });

    const count = events().length;
    const forged = await postForgedNotification(connector.ingress.url, sb, customer.id);
    expect(forged.status).toBe(401);
    await connector.idle();
    expect(events()).toHaveLength(count);
  });

  it('turns deletes of stock rows and variants into what the contract keys by', async () => {
    const { connector, events } = await start();
    await connector.backfill();
    await connector.startIncremental();
    await settle(connector);
    const published = events().length;
    const stock = sb.store.list('locationStocks')[0];
    const variant = sb.store.list('itemVariants')[0];
    if (!stock || !variant) throw new Error('nothing to delete');
    sb.store.delete('locationStocks', stock.id);
    sb.store.delete('itemVariants', variant.id);
    await settle(connector);
    const fresh = events().slice(published);
    expect(fresh.find((e) => e.entity === 'inventory-level')).toMatchObject({
      op: 'delete',
      sourceId: `${stock.itemNumber}:${stock.locationCode}`,
    });
    const item = fresh.find((e) => e.entity === 'item');
    expect(item?.sourceId).toBe(variant.itemId);
    const variants = (item?.payload as { variants: { id: string }[] } | null)?.variants ?? [];
    expect(variants.map((v) => v.id)).not.toContain(variant.id);
    expect(variants).toHaveLength(
      sb.store.list('itemVariants').filter((v) => v.itemId === variant.itemId).length,
    );
    // Newer than the item's last event: the deletion instant.
    const before = events()
      .slice(0, published)
      .filter((e) => e.sourceId === variant.itemId)
      .map((e) => e.version);
    expect(item?.version).toBeGreaterThan(Math.max(...before));
  });

  it('treats a collection notification as "re-poll the set"', async () => {
    const { connector, events } = await start();
    await connector.backfill();
    await connector.startIncremental();
    await settle(connector);
    const published = events().length;
    // More changes in one window than the threshold (20): BC sends one `collection` item.
    const stocks = sb.store.list('locationStocks').slice(0, 25);
    for (const s of stocks) {
      s.onHand += 1;
      sb.store.upsert('locationStocks', s);
    }
    await settle(connector);
    const levels = events()
      .slice(published)
      .filter((e) => e.entity === 'inventory-level');
    expect(new Set(levels.map((e) => e.sourceId))).toEqual(
      new Set(stocks.map((s) => `${s.itemNumber}:${s.locationCode}`)),
    );
    expect(connector.stats().webhooks.accepted).toBeLessThan(5);
  });
});
