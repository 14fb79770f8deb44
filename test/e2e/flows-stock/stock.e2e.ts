// Stock → channels end to end: the Business Central and Shopify sandboxes over real HTTP, their
// real connectors, real Kafka in a fresh namespace, the projector into a fresh PostgreSQL
// database, and the stock flow under its runner writing back to Shopify through the connector's
// client (scenario.ts). Every check reads the sandboxes' own state: the ERP's stock decides,
// Shopify's shows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../lib/logger';
import { buildOrder } from '../../../sandbox/shopify/seed';
import { placeOrder } from '../../../sandbox/shopify/stock';
import type { InventoryLevel, Variant } from '../../../sandbox/shopify/store';
import { createRng, intBetween } from '../../../sandbox/toolkit/random';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { waitFor } from '../../helpers/kafka';
import { startKafkaProjection, type KafkaProjection } from '../../helpers/projection';
import { startStockScenario, type StockScenario } from './scenario';

const logger = createLogger('flows-stock-e2e', process.env.LOG_LEVEL ?? 'warn');

describeWithKafkaAndPostgres('stock → channels: ERP stock → Shopify available', () => {
  let env: KafkaProjection;
  let s: StockScenario;

  /** Every Shopify level shows the computed channel quantity (or a readable failure). */
  async function inLine(timeoutMs = 90_000): Promise<void> {
    try {
      await waitFor(() => s.outOfLine().length === 0, { timeoutMs, intervalMs: 100 });
    } catch (error) {
      const rows = await env.db.orm.em
        .getConnection()
        .execute(`select key, state, last_error, attempts from flow_run where state <> 'done'`);
      const off = s.outOfLine().map((l) => ({
        sku: s.variantOf(l).sku,
        location: l.locationId,
        shopify: l.quantities.available,
        want: s.expected(l),
      }));
      throw new Error(JSON.stringify({ off, rows, writes: s.writes.length }), { cause: error });
    }
  }

  /** The variant Shopify refuses to oversell, its first level and the others. */
  function denyVariant(): { variant: Variant; home: InventoryLevel; others: InventoryLevel[] } {
    const variant = [...s.shop.store.variants.values()].find((v) => v.inventoryPolicy === 'DENY');
    if (!variant) throw new Error('no DENY variant');
    const [home, ...others] = s.shop.store.levelsOfItem(variant.inventoryItemId);
    if (!home) throw new Error('no level');
    return { variant, home, others };
  }

  beforeAll(async () => {
    env = await startKafkaProjection();
    s = await startStockScenario({
      stream: env.stream,
      orm: env.db.orm,
      namespace: env.namespace,
      logger,
    });
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
    await env?.close();
  });

  it('brings every Shopify level in line with the ERP, batching variants into few calls', async () => {
    await inLine();
    await s.settle();
    const quantities = s.writes.reduce((n, w) => n + w.input.quantities.length, 0);
    expect(quantities).toBeGreaterThan(0);
    // Several variants' quantities went in one call, never more than 250.
    expect(s.writes.length).toBeLessThan(s.shop.store.inventoryLevels.size);
    expect(Math.max(...s.writes.map((w) => w.input.quantities.length))).toBeLessThanOrEqual(250);
    expect(s.writes.map((w) => w.input.referenceDocumentUri)).toEqual(
      s.writes.map(() => expect.stringMatching(/^plexus:\/\/erp\/stock\//)),
    );
  }, 120_000);

  it('follows an ERP stock change, and its own write coming back as a webhook writes nothing', async () => {
    await s.settle();
    const level = [...s.shop.store.inventoryLevels.values()][1] as InventoryLevel;
    const sku = s.variantOf(level).sku;
    const before = s.writes.length;
    s.setErpOnHand(sku, level.locationId, s.erpStock(sku, level.locationId).onHand + 7);
    await inLine();
    // The sandbox changes before its answer reaches the flow: wait for the write's answer.
    const item = `gid://shopify/InventoryItem/${level.inventoryItemId}`;
    await waitFor(() =>
      s.writes.some(
        (w) =>
          w.applied &&
          w.input.quantities.some(
            (q) =>
              q.inventoryItemId === item &&
              q.locationId === `gid://shopify/Location/${level.locationId}` &&
              q.quantity === level.quantities.available,
          ),
      ),
    );
    const applied = s.writes.filter((w) => w.applied).length;
    // The write's inventory_levels/update webhook comes back through the connector and the
    // projector; the flow finds Shopify in line and writes nothing.
    await s.settle();
    expect(s.writes.filter((w) => w.applied).length).toBe(applied);
    const references = s.writes.slice(before).map((w) => w.input.referenceDocumentUri);
    expect(references.some((r) => r.includes(encodeURIComponent(sku)))).toBe(true);
  }, 120_000);

  it('puts back what Shopify changed on its own', async () => {
    await s.settle();
    const level = [...s.shop.store.inventoryLevels.values()][2] as InventoryLevel;
    s.shop.store.setQuantity(level, 'available', level.quantities.available + 40);
    await inLine();
    expect(level.quantities.available).toBe(s.expected(level));
  }, 120_000);

  it('rides out 429s and 5xx from Shopify: retried, then in line', async () => {
    await s.settle();
    const level = [...s.shop.store.inventoryLevels.values()][3] as InventoryLevel;
    const sku = s.variantOf(level).sku;
    const failures = () => s.shop.knobs.injected.error429 + s.shop.knobs.injected.error5xx;
    const before = failures();
    // Shopify answers nothing but 429s and 5xx until a few have been sent, then recovers.
    s.shop.knobs.set({ error429Rate: 0.5, error5xxRate: 1, retryAfterSeconds: 0 });
    try {
      s.setErpOnHand(sku, level.locationId, s.erpStock(sku, level.locationId).onHand + 11);
      await waitFor(() => failures() >= before + 3, { timeoutMs: 60_000 });
    } finally {
      s.shop.knobs.set({ error429Rate: 0, error5xxRate: 0 });
    }
    await inLine();
    expect(level.quantities.available).toBe(s.expected(level));
  }, 120_000);

  it('never sells more than the ERP holds while Shopify traffic races ERP receipts', async () => {
    await s.settle();
    const { shop } = s;
    const { variant, home, others } = denyVariant();
    // The ERP holds N units, all at one warehouse, and counts none elsewhere (a downward count
    // before the race: one during it could only be honoured for the sales after it is seen).
    const N = 12;
    s.setErpOnHand(variant.sku, home.locationId, N);
    for (const other of others) s.setErpOnHand(variant.sku, other.locationId, 0);
    await inLine();
    await s.settle();

    const rng = createRng(99);
    let attempted = 0;
    let sold = 0;
    let refused = 0;
    let received = 0;
    // Customers try to buy three times what the ERP will hold, while it receives more.
    for (let i = 0; i < 150 && attempted < 3 * (N + received); i += 1) {
      if (i % 15 === 7) {
        received += 2;
        s.setErpOnHand(
          variant.sku,
          home.locationId,
          s.erpStock(variant.sku, home.locationId).onHand + 2,
        );
      }
      const quantity = intBetween(rng, 1, 2);
      attempted += quantity;
      const order = buildOrder(shop.store, rng, null, shop.store.stamp(), 'USD', [variant]);
      order.lineItems = order.lineItems.slice(0, 1).map((line) => ({ ...line, quantity }));
      const result = placeOrder(shop.store, order);
      if ('order' in result) sold += quantity;
      else refused += 1;
      await new Promise((resolve) => setTimeout(resolve, intBetween(rng, 5, 40)));
    }
    const erpTotal = N + received;
    expect(refused).toBeGreaterThan(0);
    // Units sold on Shopify never exceed the ERP's stock (less the safety stock held back).
    expect(sold).toBeLessThanOrEqual(erpTotal - s.safetyStock);
    const levels = shop.store.levelsOfItem(variant.inventoryItemId);
    expect(levels.reduce((n, l) => n + l.quantities.committed, 0)).toBe(sold);
    // After the traffic stops, Shopify's available is the computed channel quantity everywhere.
    await inLine();
    await s.settle();
    expect(s.outOfLine()).toEqual([]);
    expect(home.quantities.available).toBe(Math.max(0, erpTotal - sold - s.safetyStock));
  }, 180_000);

  it('writes a receipt after a sale took Shopify back to what its last write replaced, unseen', async () => {
    await s.settle();
    const { shop } = s;
    const { variant, home, others } = denyVariant();
    const receive = (units: number) =>
      s.setErpOnHand(
        variant.sku,
        home.locationId,
        s.erpStock(variant.sku, home.locationId).onHand + units,
      );
    // Nothing to sell anywhere: the ERP holds at home what Shopify has committed and the safety stock.
    for (const other of others) s.setErpOnHand(variant.sku, other.locationId, 0);
    const erp = s.erpStock(variant.sku, home.locationId);
    s.setErpOnHand(
      variant.sku,
      home.locationId,
      erp.committed + home.quantities.committed + s.safetyStock,
    );
    await inLine();
    await s.settle();
    expect(home.quantities.available).toBe(0);
    // The ERP receives 2 and the flow offers them; a customer buys both the moment they show,
    // before the write's webhook has left Shopify: its refetch shows 0 again, never the 2.
    // (Placed once the sandbox's mutation has run to its end, ahead of any I/O.)
    let seen = false;
    let placed: ReturnType<typeof placeOrder> | undefined;
    const rng = createRng(7);
    const stop = shop.store.onChange((change) => {
      if (seen || change.kind !== 'inventory_level' || change.level !== home) return;
      if (home.quantities.available !== 2) return;
      seen = true;
      queueMicrotask(() => {
        const order = buildOrder(shop.store, rng, null, shop.store.stamp(), 'USD', [variant]);
        order.lineItems = order.lineItems.slice(0, 1).map((line) => ({ ...line, quantity: 2 }));
        placed = placeOrder(shop.store, order);
      });
    });
    try {
      receive(2);
      await waitFor(() => placed !== undefined, { timeoutMs: 60_000 });
      await s.settle();
      await inLine();
    } finally {
      stop();
    }
    expect(placed).toHaveProperty('order');
    expect(home.quantities.available).toBe(0);
    // The next receipt calls for 2 again, what the unseen write set: Shopify must get them.
    receive(2);
    await inLine();
    expect(home.quantities.available).toBe(2);
  }, 240_000);
});
