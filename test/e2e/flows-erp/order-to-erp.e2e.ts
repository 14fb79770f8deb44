// Order → ERP end to end: Shopify sandbox → Shopify connector (webhooks duplicated and reordered)
// → Kafka → projector → PostgreSQL → order-to-erp flow → Business Central sandbox, with the BC
// connector feeding items, locations and customers (identity resolution). Every check reads the BC
// sandbox's own sales orders: one per Shopify order, whatever is duplicated, replayed, refused
// for a while or killed on the way.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBcClient } from '../../../connectors/businesscentral/client';
import { bcWrites, type BcWrites } from '../../../connectors/businesscentral/writes';
import { HttpApiError } from '../../../connectors/common/http';
import type { Flow } from '../../../flows/flow';
import { createOrderToErp } from '../../../flows/order-to-erp';
import { FlowRunner } from '../../../flows/runner';
import { createLogger } from '../../../lib/logger';
import { flowRuns } from '../../../lib/metrics';
import type { BcSandbox } from '../../../sandbox/businesscentral';
import type { Item } from '../../../sandbox/businesscentral/model';
import { buildOrder } from '../../../sandbox/shopify/seed';
import { placeOrder, restockCancelled } from '../../../sandbox/shopify/stock';
import {
  cents,
  money,
  type Customer,
  type Order,
  type Variant,
} from '../../../sandbox/shopify/store';
import { createRng } from '../../../sandbox/toolkit/random';
import { canonicalTopic } from '../../../schema/events';
import { Order as StoredOrder } from '../../../store/entities';
import { startFlowScenario, type FlowScenario } from '../../helpers/flow-scenario';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { kafkaBrokers, topicEndOffsets, waitFor, waitForMessages } from '../../helpers/kafka';

const FLOW = 'order-to-erp';
const logger = createLogger('flows-erp-e2e', process.env.LOG_LEVEL ?? 'warn');
const cli = fileURLToPath(new URL('../../../bin/plexus.js', import.meta.url));
const norm = (email: string | null | undefined) => (email ?? '').trim().toLowerCase();

describeWithKafkaAndPostgres(
  'order → ERP: Shopify orders become Business Central sales orders',
  () => {
    let s: FlowScenario;
    let bc: BcSandbox;
    let runner: FlowRunner | undefined;
    /** The flow under test (the in-process runner's; `plexus flows` runs its own of the same). */
    let flow: Flow;
    let child: ChildProcess | undefined;
    /** Orders (by name) whose first sales order BC answers 503. */
    const failSalesOrderOnce = new Set<string>();
    let forcing = 0;
    let restore5xx = 0;
    /** Status codes of the vendor errors the flow's BC calls met. */
    const met: number[] = [];
    const rng = createRng(7);
    const placed: Order[] = [];
    let missing: Variant;
    let stocked: Variant[];

    const salesOrdersOf = (order: Order) =>
      bc.store.list('salesOrders').filter((so) => so.externalDocumentNumber === order.name);
    const linesOf = (salesOrderId: string) =>
      (bc.store.lines.get(salesOrderId) ?? []).map((l) => [l.lineObjectNumber, l.quantity]);
    /** The lines the Shopify order asks for, by SKU, as BC must hold them. */
    const wantedLines = (order: Order) => order.lineItems.map((l) => [l.sku, l.quantity]);
    const inErp = (order: Order) => {
      const [so, ...more] = salesOrdersOf(order);
      return (
        so !== undefined &&
        more.length === 0 &&
        JSON.stringify(linesOf(so.id).sort()) === JSON.stringify(wantedLines(order).sort())
      );
    };

    function place(customer: Customer | null, variants: Variant[] = stocked): Order {
      const order = buildOrder(s.shop.store, rng, customer, s.shop.store.stamp(), 'USD', variants);
      const result = placeOrder(s.shop.store, order);
      if ('refused' in result) throw new Error(result.refused);
      placed.push(result.order);
      return result.order;
    }

    /** Every placed, uncancelled order has exactly one sales order with its lines (or a report). */
    async function allInErp(timeoutMs = 180_000): Promise<void> {
      const live = () => placed.filter((o) => !o.cancelledAt);
      try {
        await waitFor(() => live().every(inErp), { timeoutMs, intervalMs: 200 });
      } catch (error) {
        const off = live()
          .filter((o) => !inErp(o))
          .map((o) => ({
            name: o.name,
            want: wantedLines(o),
            have: salesOrdersOf(o).map((so) => linesOf(so.id)),
          }));
        const rows = (await s.rows(FLOW)).filter((r) => r.state !== 'done');
        throw new Error(JSON.stringify({ off, rows }), { cause: error });
      }
    }

    function startRunner(): Promise<void> {
      const client = createBcClient({
        config: s.erp!.config,
        logger,
        // As the flows' own clients (flows/clients.ts): writes are retried by the ledger, not here.
        calls: { retries: 0, timeoutMs: 15_000 },
      });
      const writes = bcWrites(client);
      // Every call as the flow makes it, noting the vendor errors it meets on the way.
      const observed = Object.fromEntries(
        Object.entries(writes).map(([name, call]) => [
          name,
          async (...args: unknown[]) => {
            const [input] = args as [{ externalDocumentNumber?: string }];
            // BC answers this one sales order 503, after its new customer was made.
            const fail =
              name === 'createSalesOrder' &&
              failSalesOrderOnce.delete(input.externalDocumentNumber ?? '');
            if (fail && forcing++ === 0) restore5xx = bc.knobs.settings.error5xxRate;
            if (fail) bc.knobs.set({ error5xxRate: 1 });
            try {
              return await (call as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (error) {
              if (error instanceof HttpApiError && error.status) met.push(error.status);
              throw error;
            } finally {
              if (fail && --forcing === 0) bc.knobs.set({ error5xxRate: restore5xx });
            }
          },
        ]),
      ) as unknown as BcWrites;
      flow = createOrderToErp({
        bc: observed,
        settings: { scope: { kind: 'paid' }, locationMap: new Map() },
      });
      runner = new FlowRunner({
        flow,
        stream: s.env.stream,
        orm: s.env.db.orm,
        namespace: s.env.namespace,
        logger,
        pollMs: 200,
        backoff: { initialMs: 50, maxMs: 1_000 },
      });
      return runner.start();
    }

    beforeAll(async () => {
      s = await startFlowScenario({
        logger,
        shop: {
          seed: 41,
          products: 5,
          customers: 10,
          orders: 0,
          // At least once, duplicated and out of order, as Shopify delivers.
          webhooks: { duplicateRate: 0.3, maxDelayMs: 150 },
        },
        erp: (shop) => {
          const variants = [...shop.store.variants.values()];
          const customers = [...shop.store.customers.values()];
          return {
            seed: 41,
            customers: 3,
            salesOrders: 0,
            // The ERP knows every SKU but the first: its orders wait for the item.
            catalog: variants
              .slice(1)
              .map((v) => ({ sku: v.sku, name: v.sku, price: Number(v.price) })),
            // Four of the shop's customers are BC customers already, their emails written as a
            // person keyed them in (case, spaces): only identity resolution finds them.
            people: customers.slice(0, 4).map((c) => ({
              email: ` ${String(c.email).toUpperCase()}`,
              firstName: c.firstName ?? 'A',
              lastName: c.lastName ?? 'B',
            })),
          };
        },
      });
      bc = s.erp!.sandbox;
      const variants = [...s.shop.store.variants.values()];
      missing = variants[0] as Variant;
      stocked = variants.slice(1);
      await startRunner();
    }, 240_000);

    afterAll(async () => {
      await stopChild('SIGTERM');
      await runner?.stop();
      await s?.close();
    });

    it('makes one sales order per paid order, lines by SKU, the customer found or created', async () => {
      const customers = [...s.shop.store.customers.values()];
      // Known to BC (4), new to BC (2), and a guest checkout.
      const orders = [...customers.slice(0, 6).map((c) => place(c)), place(null)];
      await allInErp();
      for (const order of orders) {
        const [so] = salesOrdersOf(order);
        const customer = bc.store.get('customers', so!.customerId);
        if (order.email) {
          // The same person: the BC customer of that email, one of them only.
          expect(norm(customer?.email)).toBe(norm(order.email));
          expect(
            bc.store.list('customers').filter((c) => norm(c.email) === norm(order.email)),
          ).toHaveLength(1);
        } else {
          expect(customer?.displayName).toBe(`Shopify ${order.name}`);
        }
      }
      await s.flowIdle(flow);
      // The ledger holds each order done, with the sales order it made.
      for (const order of orders) {
        const row = await s.ledger.get(FLOW, await keyOf(order));
        expect([row?.state, row?.targetId]).toEqual(['done', salesOrdersOf(order)[0]?.id]);
      }
    }, 240_000);

    it('writes nothing more for duplicated webhooks and a replay of the canonical order topic', async () => {
      await s.flowIdle(flow);
      const stamps = () =>
        bc.store
          .list('salesOrders')
          .map((so) => `${so.id}@${so.lastModifiedDateTime}`)
          .sort();
      const before = stamps();
      const runs = await flowRunsOf('unchanged');
      // Every current canonical order again, as a consumer group reset or a mirror would send them.
      const topic = canonicalTopic('order', s.env.namespace);
      const ends = await topicEndOffsets(topic);
      const count = Number([...ends.values()].reduce((a, b) => a + b, 0n));
      const messages = await waitForMessages(topic, { count, timeoutMs: 60_000 });
      const producer = await s.env.stream.producer();
      await producer.send(
        topic,
        messages.map((m) => ({ key: m.key ?? '', value: m.value, headers: m.headers })),
      );
      await producer.disconnect();
      // The flow's group past the replay, and every key it called for run again.
      await s.flowIdle(flow);
      // The replayed keys ran again and found their sales orders as they were: no vendor call.
      const keys = new Set(messages.map((m) => m.key)).size;
      expect(await flowRunsOf('unchanged')).toBeGreaterThanOrEqual(runs + keys);
      expect(stamps()).toEqual(before);
      await allInErp();
    }, 240_000);

    it('retries 429, 5xx and 412 answers to the end, with no duplicate and a clean ledger', async () => {
      // Every conditional write meets a 412 at first: the edited orders cannot go until the flow
      // has met all three answers, so each of them is certain to be met, at any speed.
      bc.knobs.set({
        error429Rate: 0.25,
        error5xxRate: 0.25,
        error412Rate: 1,
        retryAfterSeconds: 0,
      });
      const edited = placed.slice(0, 3).map((o) => editQuantity(o, 1));
      const customers = [...s.shop.store.customers.values()];
      const fresh = [...customers.slice(0, 4).map((c) => place(c)), place(null), place(null)];
      for (const guest of fresh.filter((o) => !o.email)) failSalesOrderOnce.add(guest.name);
      try {
        await waitFor(
          () => [412, 429].every((status) => met.includes(status)) && met.some((m) => m >= 500),
          {
            timeoutMs: 180_000,
          },
        );
        bc.knobs.set({ error412Rate: 0.5 });
        await allInErp();
      } finally {
        bc.knobs.set({ error429Rate: 0, error5xxRate: 0, error412Rate: 0 });
      }
      await s.flowIdle(flow);
      await allInErp();
      for (const order of [...edited, ...fresh]) expect(inErp(order)).toBe(true);
      // A guest's customer, made by a run that then met a 5xx, is found again, not made twice.
      expect(failSalesOrderOnce.size).toBe(0);
      for (const guest of fresh.filter((o) => !o.email))
        expect(
          bc.store.list('customers').filter((c) => c.displayName === `Shopify ${guest.name}`),
        ).toHaveLength(1);
      const rows = await s.rows(FLOW);
      expect(rows.map((r) => [r.state, r.lastError, r.attempts])).toEqual(
        rows.map(() => ['done', null, 0]),
      );
      expect(await flowRunsOf('retrying')).toBeGreaterThan(0);
    }, 300_000);

    it('parks an order whose SKU is not in BC, and runs it once BC has the item', async () => {
      const order = place(null, [missing]);
      const key = await keyOf(order);
      const row = await waitFor(
        async () => {
          const found = await s.ledger.get(FLOW, key);
          return found?.state === 'parked' ? found : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 200 },
      );
      expect(row.lastError).toContain(`unknown SKU: ${missing.sku}`);
      expect(salesOrdersOf(order)).toHaveLength(0);
      // Someone adds the item in Business Central; its connector brings it to the store.
      const template = bc.store.list('items')[0] as Item;
      bc.store.upsert('items', {
        ...template,
        id: '0e7e6c55-7e4f-4d8a-9b10-6a1c55b0f001',
        number: missing.sku,
        displayName: missing.title,
        unitPrice: Number(missing.price),
      });
      await allInErp();
      expect(salesOrdersOf(order)).toHaveLength(1);
    }, 240_000);

    it('follows a quantity edit in place, and deletes the sales order of an order cancelled unshipped', async () => {
      const [edited, cancelled] = placed.filter((o) => !o.cancelledAt).slice(-2) as [Order, Order];
      const salesOrderId = salesOrdersOf(edited)[0]?.id;
      editQuantity(edited, 2);
      await allInErp();
      expect(salesOrdersOf(edited)[0]?.id).toBe(salesOrderId);
      expect(salesOrdersOf(cancelled)).toHaveLength(1);
      s.shop.store.addRefund(cancelled, cancelled.total, 'Order cancelled');
      restockCancelled(s.shop.store, cancelled);
      cancelled.cancelledAt = s.shop.store.stamp();
      cancelled.closedAt = cancelled.cancelledAt;
      s.shop.store.upsertOrder(cancelled, 'update');
      await waitFor(() => salesOrdersOf(cancelled).length === 0, { timeoutMs: 120_000 });
      await s.flowIdle(flow);
      await allInErp();
      expect(salesOrdersOf(cancelled)).toHaveLength(0);
    }, 240_000);

    it('loses and duplicates nothing when `plexus flows` is killed mid-run and started again', async () => {
      await runner?.stop();
      runner = undefined;
      const customers = [...s.shop.store.customers.values()];
      const orders = customers.slice(0, 8).map((c) => place(c));
      await s.settle();
      bc.knobs.set({ latencyMs: 150 });
      child = flowsProcess();
      await waitFor(() => orders.some((o) => salesOrdersOf(o).length > 0), { timeoutMs: 120_000 });
      // BC now holds each request a while: the kill lands with calls in flight, and BC carries out
      // the writes among them after their caller is gone (applied, answer lost).
      const held = bc.knobs.injected.latency;
      bc.knobs.set({ latencyMs: 3_000 });
      await waitFor(() => bc.knobs.injected.latency > held, { timeoutMs: 60_000, intervalMs: 20 });
      await stopChild('SIGKILL');
      bc.knobs.set({ latencyMs: 0 });
      child = flowsProcess();
      await allInErp();
      await s.flowIdle(flow);
      await allInErp();
      expect(bc.store.list('salesOrders')).toHaveLength(
        placed.filter((o) => !o.cancelledAt).length,
      );
    }, 300_000);

    /** Changes the first line's quantity by `delta`, totals with it, as an order edit does. */
    function editQuantity(order: Order, delta: number): Order {
      const line = order.lineItems[0]!;
      line.quantity += delta;
      const subtotal = order.lineItems.reduce((sum, l) => sum + cents(l.unitPrice) * l.quantity, 0);
      const tax = Math.round(subtotal * 0.08);
      order.subtotal = money(subtotal);
      order.tax = money(tax);
      order.total = money(subtotal + tax);
      return s.shop.store.upsertOrder(order, 'update');
    }

    /** The order's ledger key (its canonical id), once the store has it. */
    function keyOf(order: Order): Promise<string> {
      return waitFor(
        async () => (await s.env.db.orm.em.fork().findOne(StoredOrder, { name: order.name }))?.id,
        { timeoutMs: 120_000, intervalMs: 200 },
      );
    }

    async function flowRunsOf(outcome: string): Promise<number> {
      const metric = await flowRuns.get();
      return metric.values
        .filter((v) => v.labels.flow === FLOW && v.labels.outcome === outcome)
        .reduce((sum, v) => sum + v.value, 0);
    }

    async function stopChild(signal: NodeJS.Signals): Promise<void> {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    }

    /** `plexus flows` for the ERP only, on this test's topics, store and BC sandbox. */
    function flowsProcess(): ChildProcess {
      return spawn(process.execPath, [cli, 'flows'], {
        env: {
          PATH: process.env.PATH ?? '',
          KAFKA_BROKERS: kafkaBrokers().join(','),
          DATABASE_URL: s.env.database.url,
          TOPIC_NAMESPACE: s.env.namespace,
          FLOWS: FLOW,
          FLOWS_PORT: '0',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
          BC_API_URL: bc.url,
          BC_TENANT_ID: bc.tenantId,
          BC_COMPANY_ID: bc.companyId,
          BC_CLIENT_ID: bc.clientId,
          BC_CLIENT_SECRET: bc.clientSecret,
          BC_TOKEN_URL: bc.tokenUrl,
          BC_WEBHOOK_CLIENT_STATE: 'sandbox-test-client-state',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
  },
);
