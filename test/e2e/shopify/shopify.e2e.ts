// The Shopify path end to end: the sandbox over real HTTP, the connector talking to it only over
// HTTP (SHOPIFY_API_URL), real Kafka in a fresh topic namespace, and the projector into a fresh
// PostgreSQL database. Every check compares the store with the sandbox's own data.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../lib/logger';
import { sourceTopic } from '../../../schema/events/topics';
import {
  loadShopifyConfig,
  MemoryCheckpointStore,
  startShopifyConnector,
  WEBHOOK_PATH,
  type ShopifyConnector,
} from '../../../connectors/shopify';
import { hmacOf, startShopifySandbox, type ShopifySandbox } from '../../../sandbox/shopify';
import { orderPayload } from '../../../sandbox/shopify/payloads';
import { cents, money, type Order } from '../../../sandbox/shopify/store';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { settleWebhooks } from '../../helpers/settle';
import { topicEndOffsets } from '../../helpers/kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

const SECRET = 'e2e_webhook_secret';
const ORDERS = 5_000;

interface Snapshot {
  orders: string[];
  orderTotal: string;
  customers: string[];
  products: string[];
  variants: string[];
  levels: string[];
}

/** One line per order: what the store must agree on with the sandbox. */
const orderLine = (o: {
  id: string;
  status: string;
  total: string;
  updatedMs: number;
  refunds: number;
  refunded: string;
  lines: number;
}) => `${o.id}|${o.status}|${o.total}|${o.updatedMs}|${o.refunds}|${o.refunded}|${o.lines}`;

function sandboxOrderLine(o: Order): string {
  return orderLine({
    id: String(o.id),
    status: o.financialStatus.toLowerCase(),
    total: o.total,
    updatedMs: Date.parse(o.updatedAt),
    refunds: o.refunds.length,
    refunded: money(o.refunds.reduce((sum, r) => sum + cents(r.amount), 0)),
    lines: o.lineItems.length,
  });
}

/**
 * Which inventory items' levels to compare: every level on both sides by default, so a level the
 * store keeps after the sandbox dropped it (its product deleted, say) fails the comparison;
 * `items` narrows both sides to the items a step is about.
 */
const comparedItem =
  (items?: ReadonlySet<number>) =>
  (inventoryItemId: number): boolean =>
    !items || items.has(inventoryItemId);

function sandboxSnapshot(sb: ShopifySandbox, items?: ReadonlySet<number>): Snapshot {
  const { store } = sb;
  const compared = comparedItem(items);
  const orders = [...store.orders.values()];
  return {
    orders: orders.map(sandboxOrderLine).sort(),
    orderTotal: money(orders.reduce((sum, o) => sum + cents(o.total), 0)),
    customers: [...store.customers.values()].map((c) => `${c.id}|${c.email ?? ''}`).sort(),
    products: [...store.products.values()].map((p) => `${p.id}|${p.title}`).sort(),
    variants: [...store.variants.values()].map((v) => `${v.sku}|${v.productId}|${v.price}`).sort(),
    levels: [...store.inventoryLevels.values()]
      .filter((l) => compared(l.inventoryItemId))
      .map(
        (l) =>
          `${l.inventoryItemId}:${l.locationId}|${l.quantities.available}|${l.quantities.on_hand}`,
      )
      .sort(),
  };
}

async function storeSnapshot(env: KafkaProjection, items?: ReadonlySet<number>): Promise<Snapshot> {
  const compared = comparedItem(items);
  const sql = env.db.orm.em.getConnection();
  const orders = await sql.execute<
    Array<{
      id: string;
      status: string;
      total: string;
      updated_ms: string;
      refunds: string;
      refunded: string;
      lines: string;
    }>
  >(
    `select o.source_id as id, o.financial_status as status, o.total_price::text as total,
            (extract(epoch from o.updated_at) * 1000)::bigint::text as updated_ms,
            (select count(*) from order_refund r where r.order_id = o.id)::text as refunds,
            (select coalesce(sum(r.amount), 0)::numeric(14,2)::text from order_refund r
              where r.order_id = o.id) as refunded,
            (select count(*) from order_line l where l.order_id = o.id)::text as lines
       from orders o`,
  );
  const [total] = await sql.execute<Array<{ total: string | null }>>(
    'select coalesce(sum(total_price), 0)::numeric(14,2)::text as total from orders',
  );
  const customers = await sql.execute<Array<{ line: string }>>(
    `select source_id || '|' || coalesce(email, '') as line from customer_identity
      where source = 'shopify'`,
  );
  const products = await sql.execute<Array<{ line: string }>>(
    `select source_id || '|' || title as line from product`,
  );
  const variants = await sql.execute<Array<{ line: string }>>(
    `select v.sku || '|' || p.source_id || '|' || v.price::text as line
       from variant v left join product p on p.id = v.product_id`,
  );
  const levels = (
    await sql.execute<Array<{ line: string }>>(
      `select source_id || '|' || available || '|' || on_hand as line from inventory_level
        where source = 'shopify'`,
    )
  ).filter((r) => compared(Number(r.line.split(':')[0])));
  const lines = (rows: Array<{ line: string }>) => rows.map((r) => r.line).sort();
  return {
    orders: orders
      .map((o) =>
        orderLine({
          id: o.id,
          status: o.status,
          total: o.total,
          updatedMs: Number(o.updated_ms),
          refunds: Number(o.refunds),
          refunded: o.refunded,
          lines: Number(o.lines),
        }),
      )
      .sort(),
    orderTotal: total?.total ?? '0.00',
    customers: lines(customers),
    products: lines(products),
    variants: lines(variants),
    levels: lines(levels),
  };
}

/** Counts first (a readable failure), then every line. */
async function expectStoreEqualsSandbox(
  env: KafkaProjection,
  sb: ShopifySandbox,
  items?: ReadonlySet<number>,
): Promise<void> {
  const want = sandboxSnapshot(sb, items);
  const got = await storeSnapshot(env, items);
  const counts = (s: Snapshot) => ({
    orders: s.orders.length,
    orderTotal: s.orderTotal,
    customers: s.customers.length,
    products: s.products.length,
    variants: s.variants.length,
    levels: s.levels.length,
  });
  expect(counts(got)).toEqual(counts(want));
  expect(got).toEqual(want);
}

async function orderRow(env: KafkaProjection, id: number): Promise<string | undefined> {
  const rows = await env.db.orm.em.getConnection().execute<Array<{ line: string }>>(
    `select financial_status || '|' || total_price::text || '|' ||
              (extract(epoch from updated_at) * 1000)::bigint::text as line
         from orders where source_id = ?`,
    [String(id)],
  );
  return rows[0]?.line;
}

const sandboxOrderRow = (o: Order) =>
  `${o.financialStatus.toLowerCase()}|${o.total}|${Date.parse(o.updatedAt)}`;

async function messagesOn(topic: string): Promise<bigint> {
  const ends = await topicEndOffsets(topic);
  return [...ends.values()].reduce((sum, n) => sum + n, 0n);
}

describeWithKafkaAndPostgres('Shopify sandbox → connector → Kafka → projector → PostgreSQL', () => {
  let env: KafkaProjection;
  let sb: ShopifySandbox;
  let connector: ShopifyConnector;
  let webhookUrl: string;

  async function settle(): Promise<void> {
    await settleWebhooks({
      deliveries: sb.deliveries,
      queue: () => connector.stats().queue,
      namespace: env.namespace,
    });
  }

  beforeAll(async () => {
    env = await startKafkaProjection();
    sb = await startShopifySandbox({
      port: 0,
      orders: ORDERS,
      customers: 800,
      products: 60,
      webhookSecret: SECRET,
      restoreRate: 1_000,
      bulkDelayMs: 50,
      webhooks: { backoffMs: 50 },
    });
    const config = loadShopifyConfig({
      SHOPIFY_SHOP: sb.shopDomain,
      SHOPIFY_ACCESS_TOKEN: sb.accessToken,
      SHOPIFY_WEBHOOK_SECRET: SECRET,
      SHOPIFY_API_VERSION: sb.apiVersion,
      SHOPIFY_API_URL: sb.url,
      INGRESS_PORT: '0',
    });
    connector = await startShopifyConnector({
      config,
      stream: env.stream,
      namespace: env.namespace,
      logger: createLogger('shopify-e2e', process.env.LOG_LEVEL ?? 'warn'),
      checkpoints: new MemoryCheckpointStore(),
    });
    webhookUrl = `${connector.ingress.url}${WEBHOOK_PATH}`;
  });

  afterAll(async () => {
    await connector?.stop();
    await sb?.close();
    await env?.close();
  });

  it('backfills a 5,000-order store in bulk, complete and exact', async () => {
    expect(sb.store.orders.size).toBeGreaterThanOrEqual(ORDERS);
    const result = await connector.backfill({ mode: 'bulk', bulkPollMs: 100 });
    expect(result.mode).toBe('bulk');
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 90_000 });
    await expectStoreEqualsSandbox(env, sb);
    expect(connector.stats().client.throttled).toBe(0);
  }, 120_000);

  it('rejects a forged webhook with 401 and processes a signed duplicate delivery once', async () => {
    const order = [...sb.store.orders.values()].find((o) => o.financialStatus === 'PAID');
    if (!order) throw new Error('no paid order in the sandbox');
    const before = await orderRow(env, order.id);
    expect(before).toBe(sandboxOrderRow(order));
    const orderTopic = sourceTopic('shopify', 'order', env.namespace);
    const enqueued = connector.stats().queue.enqueued;
    const published = await messagesOn(orderTopic);

    // A refund in the sandbox with no subscription: nothing is delivered by the sandbox itself.
    expect(sb.webhooks.subscriptions.size).toBe(0);
    sb.store.addRefund(order, order.total, 'e2e full refund');
    const body = JSON.stringify(orderPayload(order, sb.store));
    const headers = (hmac: string, eventId: string) => ({
      'content-type': 'application/json',
      'X-Shopify-Topic': 'orders/updated',
      'X-Shopify-Shop-Domain': sb.shopDomain,
      'X-Shopify-API-Version': sb.apiVersion,
      'X-Shopify-Webhook-Id': crypto.randomUUID(),
      'X-Shopify-Event-Id': eventId,
      'X-Shopify-Triggered-At': new Date().toISOString(),
      'X-Shopify-Hmac-Sha256': hmac,
    });

    const forged = await fetch(webhookUrl, {
      method: 'POST',
      headers: headers(hmacOf(body, 'not-the-secret'), crypto.randomUUID()),
      body,
    });
    expect(forged.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    expect(connector.stats().queue.enqueued).toBe(enqueued);
    expect(await messagesOn(orderTopic)).toBe(published);
    expect(await orderRow(env, order.id)).toBe(before);

    const eventId = crypto.randomUUID();
    for (let i = 0; i < 2; i++) {
      const signed = await fetch(webhookUrl, {
        method: 'POST',
        headers: headers(hmacOf(body, SECRET), eventId),
        body,
      });
      expect(signed.status).toBe(200);
    }
    await settle();
    expect(connector.stats().queue.enqueued).toBe(enqueued + 1);
    expect(await messagesOn(orderTopic)).toBe(published + 1n);
    expect(await orderRow(env, order.id)).toBe(sandboxOrderRow(order));
    await expectStoreEqualsSandbox(env, sb);
  });

  it('applies live traffic with duplicated and reordered webhooks exactly as the sandbox has it', async () => {
    // Levels of products created now are out of scope here: the sandbox sends no
    // inventory_levels/connect for them (a reconciliation pass fetches them, next test).
    const knownItems = new Set(sb.store.inventoryItems.keys());
    sb.webhooks.subscribeAll(webhookUrl);
    sb.deliveries.set({ duplicateRate: 0.3, maxDelayMs: 400, dropRate: 0 });
    const touched = new Set<number>();
    const unsubscribe = sb.store.onChange((change) => {
      if (change.kind === 'order' || change.kind === 'refund') touched.add(change.order.id);
    });
    const delivered = sb.deliveries.stats.delivered;
    sb.traffic.setRate(25);
    sb.traffic.start();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    sb.traffic.stop();
    unsubscribe();
    await settle();

    expect(touched.size).toBeGreaterThan(5);
    expect(sb.deliveries.stats.delivered).toBeGreaterThan(delivered);
    expect(sb.deliveries.stats.duplicated).toBeGreaterThan(0);
    for (const id of touched) {
      const order = sb.store.orders.get(id);
      if (!order) throw new Error(`order ${id} vanished from the sandbox`);
      expect(await orderRow(env, id), `order ${order.name}`).toBe(sandboxOrderRow(order));
    }
    await expectStoreEqualsSandbox(env, sb, knownItems);
  }, 60_000);

  it('repairs dropped webhooks with a reconciliation pass', async () => {
    sb.deliveries.set({ duplicateRate: 0, maxDelayMs: 0, dropRate: 1 });
    const dropped = sb.deliveries.stats.dropped;
    const order = [...sb.store.orders.values()].find((o) => o.financialStatus === 'PAID');
    const level = [...sb.store.inventoryLevels.values()][0];
    if (!order || !level) throw new Error('nothing to change in the sandbox');
    const before = await orderRow(env, order.id);
    sb.store.addRefund(order, money(Math.max(1, Math.floor(cents(order.total) / 4))), 'partial');
    sb.store.setQuantity(level, 'available', level.quantities.available + 7);
    await settle();
    expect(sb.deliveries.stats.dropped).toBeGreaterThan(dropped);
    // Nothing arrived: the store still has the old order.
    expect(await orderRow(env, order.id)).toBe(before);
    expect(before).not.toBe(sandboxOrderRow(order));

    const result = await connector.reconcile();
    expect(result.failed).toEqual([]);
    expect(result.records).toBeGreaterThan(0);
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    expect(await orderRow(env, order.id)).toBe(sandboxOrderRow(order));
    await expectStoreEqualsSandbox(env, sb);
  });

  // A deleted product's levels get no webhook of their own: the products/delete webhook takes them,
  // as each level names its product. The reconciliation pass after it must not bring them back,
  // and the whole store must still equal the sandbox.
  it("removes a deleted product's inventory levels from the store", async () => {
    sb.deliveries.set({ duplicateRate: 0, maxDelayMs: 0, dropRate: 0 });
    const product = [...sb.store.products.values()].find((p) => p.variantIds.length > 0);
    if (!product) throw new Error('no product with variants');
    const items = product.variantIds.flatMap(
      (id) => sb.store.variants.get(id)?.inventoryItemId ?? [],
    );
    const levelsOf = async () => {
      const rows = await env.db.orm.em.getConnection().execute<Array<{ n: string }>>(
        `select count(*)::text as n from inventory_level
          where source = 'shopify' and split_part(source_id, ':', 1) = any(string_to_array(?, ','))`,
        [items.join(',')],
      );
      return Number(rows[0]?.n ?? -1);
    };
    expect(await levelsOf()).toBe(sb.store.levelsOfItem(items[0] ?? -1).length * items.length);
    expect(await levelsOf()).toBeGreaterThan(0);
    sb.store.deleteProduct(product.id);
    await settle();
    await connector.reconcile();
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    const products = await env.db.orm.em
      .getConnection()
      .execute<Array<{ n: string }>>(
        'select count(*)::text as n from product where source_id = ?',
        [String(product.id)],
      );
    expect(products[0]?.n).toBe('0');
    expect(await levelsOf()).toBe(0);
    await expectStoreEqualsSandbox(env, sb);
  });
});
