// Order.sync reads the flow ledger: after the runner's own ledger writes (flows/ledger.ts), each
// order shows its ERP, books and fulfilment state, the fulfilment found through the sales order
// that names the order; a page of orders costs the same statements whatever its size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../../gateway/server';
import { Ledger, type RunResult } from '../../../flows/ledger';
import type { Db } from '../../../store/orm';
import { describeWithPostgres } from '../../helpers/infra';
import { orderId, orderName, seedCustomer360 } from './fixture';
import { countStatements, openStore, query, startGraph, type Dialect, type Store } from './harness';

const run = `state key targetId attempts lastError updatedAt nextAttemptAt`;
const syncQuery = /* GraphQL */ `
  query ($first: Int!) {
    orders(first: $first) {
      nodes {
        id
        name
        sync {
          erp { ${run} }
          accounting { ${run} }
          fulfilment { ${run} }
        }
      }
    }
  }
`;

interface Run {
  state: string;
  key: string;
  targetId: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
  nextAttemptAt: string | null;
}
interface OrdersAnswer {
  orders: {
    nodes: {
      id: string;
      name: string;
      sync: { erp: Run | null; accounting: Run | null; fulfilment: Run | null };
    }[];
  };
}

// The ledger's clock: any fixed instants do, the graph only reports them.
const t0 = new Date('2026-03-01T10:00:00Z');
const later = (s: number) => new Date(t0.getTime() + s * 1000);

/** Enters `key` as a change would, then records a run's result on it, as the runner does. */
async function settle(ledger: Ledger, flow: string, key: string, result?: Partial<RunResult>) {
  await ledger.markPending(flow, [key], t0);
  if (!result) return;
  const row = await ledger.get(flow, key);
  if (!row) throw new Error(`no ledger row for ${flow} ${key}`);
  await ledger.record(
    row,
    { state: 'done', attempts: 0, lastError: null, nextAttemptAt: later(1), ...result },
    later(1),
  );
}

async function writeLedger(db: Db): Promise<void> {
  const ledger = new Ledger(db.orm);
  // Order 0: carried everywhere.
  await settle(ledger, 'order-to-erp', orderId(0), { targetId: 'bc-so-0', sourceVersion: 'v1' });
  await settle(ledger, 'money-to-books', `order:${orderId(0)}`, {
    targetId: '145',
    sourceVersion: 'v1',
  });
  await settle(ledger, 'shipment-to-fulfilment', 'SO-1001', {
    targetId: 'gid://shopify/Fulfillment/9',
    sourceVersion: 'v1',
  });
  // Order 1: refused by the ERP, backing off in the books, parked for fulfilment.
  await settle(ledger, 'order-to-erp', orderId(1), {
    state: 'failed',
    attempts: 1,
    lastError: 'Item SKU-Z does not exist.',
  });
  await settle(ledger, 'money-to-books', `order:${orderId(1)}`, {
    state: 'retrying',
    attempts: 2,
    lastError: 'QuickBooks answered 503',
    nextAttemptAt: later(60),
  });
  await settle(ledger, 'shipment-to-fulfilment', 'SO-1002', {
    state: 'parked',
    lastError: 'Shopify order #1002 is not in the store yet',
  });
  // Order 2: asked for, not yet run; the other flows never saw it.
  await settle(ledger, 'order-to-erp', orderId(2));
  // Keys of other orders and flows must not leak in.
  await settle(ledger, 'order-to-erp', 'not-an-order-of-the-page', { targetId: 'x' });
  await settle(ledger, 'stock-to-channels', orderId(0), { targetId: 'x' });
}

function scenario(dialect: Dialect) {
  let store: Store;
  let gateway: RunningGateway;
  beforeAll(async () => {
    store = await openStore(dialect);
    await seedCustomer360(store.db.orm.em, 3);
    await writeLedger(store.db);
    gateway = await startGraph(store.db);
  });
  afterAll(async () => {
    await gateway?.stop();
    await store?.close();
  });

  it("shows each order's state in every flow, from the ledger", async () => {
    const result = await query<OrdersAnswer>(gateway.url, syncQuery, { first: 10 });
    expect(result.errors).toBeUndefined();
    const byName = new Map(result.data?.orders.nodes.map((n) => [n.name, n.sync]));
    expect(byName.get(orderName(0))).toEqual({
      erp: {
        state: 'DONE',
        key: orderId(0),
        targetId: 'bc-so-0',
        attempts: 0,
        lastError: null,
        updatedAt: later(1).toISOString(),
        nextAttemptAt: null,
      },
      accounting: expect.objectContaining({
        state: 'DONE',
        key: `order:${orderId(0)}`,
        targetId: '145',
      }),
      fulfilment: expect.objectContaining({
        state: 'DONE',
        key: 'SO-1001',
        targetId: 'gid://shopify/Fulfillment/9',
      }),
    });
    expect(byName.get(orderName(1))).toEqual({
      erp: expect.objectContaining({
        state: 'FAILED',
        targetId: null,
        attempts: 1,
        lastError: 'Item SKU-Z does not exist.',
        nextAttemptAt: null,
      }),
      accounting: expect.objectContaining({
        state: 'RETRYING',
        attempts: 2,
        lastError: 'QuickBooks answered 503',
        nextAttemptAt: later(60).toISOString(),
      }),
      fulfilment: expect.objectContaining({
        state: 'PARKED',
        key: 'SO-1002',
        lastError: 'Shopify order #1002 is not in the store yet',
      }),
    });
    expect(byName.get(orderName(2))).toEqual({
      erp: expect.objectContaining({
        state: 'PENDING',
        attempts: 0,
        updatedAt: t0.toISOString(),
      }),
      accounting: null,
      fulfilment: null,
    });
  });

  it('follows the ledger: a new change makes a done order pending again', async () => {
    await new Ledger(store.db.orm).markPending('order-to-erp', [orderId(0)], later(120));
    const result = await query<OrdersAnswer>(gateway.url, syncQuery, { first: 10 });
    const order0 = result.data?.orders.nodes.find((n) => n.id === orderId(0));
    // The target id stays: the next run finds the sales order by it.
    expect(order0?.sync.erp).toMatchObject({
      state: 'PENDING',
      targetId: 'bc-so-0',
      updatedAt: later(120).toISOString(),
    });
  });
}

describe('Order.sync (SQLite)', () => scenario('sqlite'));
describeWithPostgres('Order.sync (PostgreSQL)', () => scenario('postgresql'));

describe('Order.sync over a page of orders', () => {
  async function statementsFor(orders: number): Promise<number> {
    const store = await openStore('sqlite');
    const gateway = await startGraph(store.db);
    try {
      await seedCustomer360(store.db.orm.em, orders);
      const ledger = new Ledger(store.db.orm);
      for (let i = 0; i < orders; i++) {
        await settle(ledger, 'order-to-erp', orderId(i), { targetId: `bc-${i}` });
        await settle(ledger, 'shipment-to-fulfilment', `SO-${1001 + i}`, { targetId: `f-${i}` });
      }
      let shown = 0;
      const statements = await countStatements(store.db, async () => {
        const result = await query<OrdersAnswer>(gateway.url, syncQuery, { first: 100 });
        expect(result.errors).toBeUndefined();
        const nodes = result.data?.orders.nodes ?? [];
        shown = nodes.filter((n) => n.sync.erp?.state === 'DONE' && n.sync.fulfilment).length;
      });
      expect(shown).toBe(orders);
      return statements;
    } finally {
      await gateway.stop();
      await store.close();
    }
  }

  it('costs the same statements for 3 orders as for 60', async () => {
    const few = await statementsFor(3);
    const many = await statementsFor(60);
    expect(many).toBe(few);
  });
});
