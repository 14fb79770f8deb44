// The Business Central path end to end: the sandbox over real HTTP (tokens, OData paging, the
// request limit, webhook subscriptions), the connector talking to it only over HTTP, real Kafka in
// a fresh topic namespace, and the projector into a fresh PostgreSQL database. Every check
// compares the store with the sandbox's own data.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  MemoryCheckpointStore,
  startBusinessCentralConnector,
  type BusinessCentralConnector,
} from '../../../connectors/businesscentral';
import { postForgedNotification, sandboxConfig } from '../../doubles/businesscentral';
import { createLogger } from '../../../lib/logger';
import { roundMoney, sumMoney } from '../../../lib/money';
import { sourceTopic } from '../../../schema/events/topics';
import { startBusinessCentralSandbox, type BcSandbox } from '../../../sandbox/businesscentral';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { newKafka, topicEndOffsets, waitFor } from '../../helpers/kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

const CLIENT_STATE = 'e2e-business-central-client-state';
/** The sandbox's request limit, lowered from 6,000 per 5 minutes so that it binds. */
const LIMIT = { requests: 10, windowSeconds: 1 };
/** The connector's budget: 90% of the limit, so the budget, not the 429s, sets the pace. */
const BUDGET = 9;

interface Snapshot {
  customers: string[];
  items: string[];
  locations: string[];
  levels: string[];
  orders: string[];
  shipments: string[];
  orderTotal: string;
  onHand: number;
}

const amount = (n: number) => roundMoney(n);

function sandboxSnapshot(sb: BcSandbox): Snapshot {
  const { store } = sb;
  const orders = store.list('salesOrders');
  const stocks = store.list('locationStocks');
  return {
    customers: store
      .list('customers')
      .map((c) => `${c.id}|${c.email}|${c.phoneNumber}|${c.number}|${amount(c.balanceDue)}`)
      .sort(),
    items: store
      .list('items')
      .map((i) => `${i.id}|${i.number}|${amount(i.unitPrice)}|${amount(i.unitCost)}|${i.inventory}`)
      .sort(),
    locations: store
      .list('locations')
      .map((l) => `${l.code}|${l.displayName}`)
      .sort(),
    levels: stocks
      .map(
        (s) =>
          `${s.itemNumber}:${s.locationCode}|${s.onHand}|${s.available}|${s.committed}|${s.incoming}`,
      )
      .sort(),
    orders: orders
      .map((o) => {
        const lines = store.lines.get(o.id) ?? [];
        const sum = (f: (l: (typeof lines)[number]) => number) =>
          lines.reduce((n, l) => n + f(l), 0);
        return [
          o.id,
          o.number,
          o.status,
          amount(o.totalAmountIncludingTax),
          Date.parse(o.lastModifiedDateTime),
          lines.length,
          sum((l) => l.quantity),
          sum((l) => l.shippedQuantity),
        ].join('|');
      })
      .sort(),
    shipments: store
      .list('salesShipments')
      .map((s) => `${s.id}|${s.number}|${s.orderNumber}`)
      .sort(),
    orderTotal: sumMoney(orders.map((o) => o.totalAmountIncludingTax)),
    onHand: stocks.reduce((n, s) => n + s.onHand, 0),
  };
}

async function storeSnapshot(env: KafkaProjection): Promise<Snapshot> {
  const sql = env.db.orm.em.getConnection();
  const lines = async (query: string) =>
    (await sql.execute<Array<{ line: string }>>(query)).map((r) => r.line).sort();
  const [totals] = await sql.execute<Array<{ total: string; on_hand: string }>>(
    `select (select coalesce(sum(total), 0)::numeric(14,2)::text from sales_order) as total,
            (select coalesce(sum(on_hand), 0)::text from inventory_level where source = 'erp')
              as on_hand`,
  );
  return {
    customers: await lines(
      `select i.source_id || '|' || coalesce(i.email, '') || '|' || coalesce(i.phone, '') || '|' ||
              c.number || '|' || c.balance_due::text as line
         from customer_identity i join erp_customer c on c.id = i.id
        where i.source = 'erp'`,
    ),
    items: await lines(
      `select source_id || '|' || number || '|' || unit_price::text || '|' || unit_cost::text ||
              '|' || inventory as line from erp_item`,
    ),
    locations: await lines(
      `select source_id || '|' || name as line from location where source = 'erp'`,
    ),
    levels: await lines(
      `select source_id || '|' || on_hand || '|' || available || '|' || committed || '|' ||
              incoming as line from inventory_level where source = 'erp'`,
    ),
    orders: await lines(
      `select o.source_id || '|' || o.number || '|' || o.status || '|' || o.total::text || '|' ||
              o.version || '|' ||
              (select count(*) from sales_order_line l where l.sales_order_id = o.id) || '|' ||
              (select coalesce(sum(quantity), 0) from sales_order_line l
                where l.sales_order_id = o.id) || '|' ||
              (select coalesce(sum(shipped_quantity), 0) from sales_order_line l
                where l.sales_order_id = o.id) as line
         from sales_order o`,
    ),
    shipments: await lines(
      `select source_id || '|' || number || '|' || sales_order_number as line from shipment`,
    ),
    orderTotal: totals?.total ?? '',
    onHand: Number(totals?.on_hand ?? -1),
  };
}

/** Lines one side has and the other lacks, a few of each: a failure names the records. */
function differences(want: Snapshot, got: Snapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(want) as (keyof Snapshot)[]) {
    const [w, g] = [want[key], got[key]];
    if (!Array.isArray(w) || !Array.isArray(g)) continue;
    const missing = w.filter((line) => !g.includes(line)).map((line) => `missing ${line}`);
    const extra = g.filter((line) => !w.includes(line)).map((line) => `extra   ${line}`);
    if (missing.length || extra.length) out[key] = [...missing, ...extra].slice(0, 6);
  }
  return out;
}

/** Events the projector dead-lettered: a mismatch with these is the projector's refusal. */
async function deadLettered(namespace: string): Promise<number> {
  const admin = newKafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter(
      (t) => t.startsWith(`${namespace}.erp.`) && t.endsWith('.dlq'),
    );
    let n = 0;
    for (const topic of topics) {
      for (const { high } of await admin.fetchTopicOffsets(topic)) n += Number(high);
    }
    return n;
  } finally {
    await admin.disconnect();
  }
}

/** Counts and sums first, then the differing lines (a readable failure), then every line. */
async function expectStoreEqualsSandbox(env: KafkaProjection, sb: BcSandbox): Promise<void> {
  const want = sandboxSnapshot(sb);
  const got = await storeSnapshot(env);
  const counts = (s: Snapshot) => ({
    customers: s.customers.length,
    items: s.items.length,
    locations: s.locations.length,
    levels: s.levels.length,
    orders: s.orders.length,
    shipments: s.shipments.length,
    orderTotal: s.orderTotal,
    onHand: s.onHand,
  });
  expect(await deadLettered(env.namespace), 'events dead-lettered by the projector').toBe(0);
  expect({ counts: counts(got), differences: differences(want, got) }).toEqual({
    counts: counts(want),
    differences: {},
  });
  expect(got).toEqual(want);
}

async function messagesOn(topics: string[]): Promise<bigint> {
  let sum = 0n;
  for (const topic of topics) {
    for (const n of (await topicEndOffsets(topic)).values()) sum += n;
  }
  return sum;
}

describeWithKafkaAndPostgres(
  'Business Central sandbox → connector → Kafka → projector → PostgreSQL',
  () => {
    let env: KafkaProjection;
    let sb: BcSandbox;
    let connector: BusinessCentralConnector;
    const logger = createLogger('bc-e2e', process.env.LOG_LEVEL ?? 'warn');
    const erpTopics = () =>
      ['customer', 'item', 'location', 'inventory-level', 'sales-order', 'shipment'].map((e) =>
        sourceTopic('erp', e, env.namespace),
      );

    const configFor = (budget: number) =>
      sandboxConfig(sb, {
        BC_WEBHOOK_CLIENT_STATE: CLIENT_STATE,
        BC_PAGE_SIZE: '25',
        BC_REQUEST_BUDGET: String(budget),
        BC_REQUEST_WINDOW_SECONDS: String(LIMIT.windowSeconds),
        // Only notifications (and explicit reconcile() calls) trigger polls in this test.
        BC_POLL_INTERVAL_SECONDS: '3600',
      });

    /** Notifications gathered, delivered and processed; the projector caught up. */
    async function settle(): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sb.deliveries.idle();
      await connector.idle();
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
    }

    beforeAll(async () => {
      env = await startKafkaProjection();
      sb = await startBusinessCentralSandbox({
        port: 0,
        customers: 120,
        items: 30,
        locations: 3,
        salesOrders: 250,
        rateLimit: LIMIT,
        notificationWindowMs: 100,
        webhooks: { backoffMs: 50 },
      });
      connector = await startBusinessCentralConnector({
        config: configFor(BUDGET),
        stream: env.stream,
        namespace: env.namespace,
        logger,
        checkpoints: new MemoryCheckpointStore(),
      });
    });

    afterAll(async () => {
      await connector?.stop();
      await sb?.close();
      await env?.close();
    });

    it('backfills complete and exact under the request limit, with no 429', async () => {
      const result = await connector.backfill();
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
      await expectStoreEqualsSandbox(env, sb);
      const { http } = connector.stats();
      // Paging happened (25 a page), more requests than the limit allows in one window...
      expect(http.requests).toBeGreaterThan(result.records / 25);
      expect(http.requests).toBeGreaterThan(LIMIT.requests);
      // ...and the sandbox, which counts per window on arrival as BC does, never refused one: the
      // budget gives a slot back only a window after its answer, so this holds at any speed.
      expect(http.rateLimited).toBe(0);
    }, 60_000);

    it('backfills again with a budget above the limit: the 429s are retried away, nothing lost', async () => {
      const published = await messagesOn(erpTopics());
      const greedy = await startBusinessCentralConnector({
        config: configFor(1_000),
        stream: env.stream,
        namespace: env.namespace,
        logger: createLogger('bc-e2e-greedy', 'error'),
        checkpoints: new MemoryCheckpointStore(),
        // Enough retries that a run of injected 429s never exhausts them.
        calls: { retries: 30 },
      });
      // Whether a greedy client outruns the limit depends on the machine's speed; 429s injected
      // by the sandbox on top of its limiter make them certain at any speed.
      const injected = sb.knobs.injected.error429;
      sb.knobs.set({ error429Rate: 0.3, retryAfterSeconds: 0 });
      try {
        const result = await greedy.backfill();
        sb.knobs.set({ error429Rate: 0 });
        const { http } = greedy.stats();
        // The sandbox answered 429s (counted on its side), and every one was retried.
        const refused = sb.knobs.injected.error429 - injected;
        expect(refused).toBeGreaterThan(0);
        expect(http.rateLimited).toBeGreaterThanOrEqual(refused);
        expect(http.retries).toBeGreaterThanOrEqual(http.rateLimited);
        // Every record was published again: one event per record of the sandbox.
        const want = sandboxSnapshot(sb);
        const records =
          want.customers.length +
          want.items.length +
          want.locations.length +
          want.levels.length +
          want.orders.length +
          want.shipments.length;
        expect(result.records).toBe(records);
        expect(await messagesOn(erpTopics())).toBe(published + BigInt(records));
      } finally {
        sb.knobs.set({ error429Rate: 0 });
        await greedy.stop();
      }
      // The limit is per user and the greedy connector spent it: let it refill.
      await new Promise((resolve) => setTimeout(resolve, LIMIT.windowSeconds * 1_000));
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
      await expectStoreEqualsSandbox(env, sb);
    }, 60_000);

    it('rejects a forged notification with 401, and it changes nothing', async () => {
      await connector.startIncremental();
      expect(sb.subscriptions.list()).toHaveLength(6);
      await settle();
      const customer = sb.store.list('customers')[0];
      if (!customer) throw new Error('no customer in the sandbox');
      const enqueued = connector.stats().queue.enqueued;
      const published = await messagesOn(erpTopics());
      const forged = await postForgedNotification(connector.ingress.url, sb, customer.id);
      expect(forged.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await connector.idle();
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
      expect(connector.stats().queue.enqueued).toBe(enqueued);
      expect(await messagesOn(erpTopics())).toBe(published);
      await expectStoreEqualsSandbox(env, sb);
    });

    it('applies live ERP traffic through notifications and re-polls, exactly', async () => {
      const before = structuredClone(connector.stats());
      const delivered = sb.deliveries.stats.delivered;
      // Deliveries duplicated and reordered, as BC's at-least-once delivery may.
      sb.deliveries.set({ duplicateRate: 0.3, maxDelayMs: 200 });
      const changes = sb.traffic.count;
      sb.traffic.setRate(20);
      sb.traffic.start();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      sb.traffic.stop();
      await settle();
      sb.deliveries.set({ duplicateRate: 0, maxDelayMs: 0 });
      const after = connector.stats();
      expect(sb.traffic.count - changes).toBeGreaterThan(20);
      expect(sb.deliveries.stats.delivered).toBeGreaterThan(delivered);
      expect(after.webhooks.accepted).toBeGreaterThan(before.webhooks.accepted);
      expect(after.webhooks.duplicates).toBeGreaterThan(before.webhooks.duplicates);
      // Only notifications could have started these polls (the periodic one waits an hour).
      expect(after.polls.polls).toBeGreaterThan(before.polls.polls);
      await expectStoreEqualsSandbox(env, sb);
      // The budget kept this connector under the limit the whole time.
      expect(after.http.rateLimited).toBe(0);
    }, 60_000);

    it('repairs a dropped notification with the next poll', async () => {
      sb.deliveries.set({ dropRate: 1 });
      const dropped = sb.deliveries.stats.dropped;
      const customer = sb.store.list('customers')[1];
      const stock = sb.store.list('locationStocks')[0];
      if (!customer || !stock) throw new Error('nothing to change in the sandbox');
      customer.phoneNumber = '+15550009999';
      sb.store.upsert('customers', customer);
      stock.onHand += 11;
      stock.available = stock.onHand - stock.committed;
      sb.store.upsert('locationStocks', stock);
      await settle();
      expect(sb.deliveries.stats.dropped).toBeGreaterThan(dropped);
      // Nothing arrived: the store still has the old phone.
      const phone = async () =>
        (
          await env.db.orm.em
            .getConnection()
            .execute<Array<{ phone: string | null }>>(
              `select phone from customer_identity where source = 'erp' and source_id = ?`,
              [customer.id],
            )
        )[0]?.phone;
      expect(await phone()).not.toBe('+15550009999');

      sb.deliveries.set({ dropRate: 0 });
      const result = await connector.reconcile();
      expect(result.failed).toEqual([]);
      expect(result.records).toBeGreaterThan(0);
      await waitFor(async () => (await phone()) === '+15550009999', { timeoutMs: 30_000 });
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
      await expectStoreEqualsSandbox(env, sb);
    });
  },
);
