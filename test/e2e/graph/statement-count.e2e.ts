// The customer-360 query costs the same number of SQL statements whether the customer has 5 orders
// or 200: every list is loaded by DataLoader batches, never one statement per row.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithPostgres } from '../../helpers/infra';
import { customer360Query, customerId, seedCustomer360 } from './fixture';
import { countStatements, openStore, query, startGraph, type Dialect } from './harness';

async function statementsFor(dialect: Dialect, orders: number): Promise<number> {
  const store = await openStore(dialect);
  const gateway = await startGraph(store.db);
  try {
    await seedCustomer360(store.db.orm.em, orders);
    let shown = 0;
    const statements = await countStatements(store.db, async () => {
      // first: 100 pages well past 5 orders and stops short of 200, so both sizes are exercised.
      const result = await query<{ customer: { orders: { nodes: unknown[] } } }>(
        gateway.url,
        customer360Query,
        { id: customerId, orders: 100 },
      );
      expect(result.errors).toBeUndefined();
      shown = result.data?.customer.orders.nodes.length ?? 0;
    });
    expect(shown).toBe(Math.min(orders, 100));
    return statements;
  } finally {
    await gateway.stop();
    await store.close();
  }
}

function scenario(dialect: Dialect) {
  let few: number;
  let many: number;

  beforeAll(async () => {
    few = await statementsFor(dialect, 5);
    many = await statementsFor(dialect, 200);
  });

  it('does not grow with the number of orders', () => {
    expect(many).toBe(few);
  });

  it('stays within one statement per loader', () => {
    // 29 loaders take part in the query; a per-row lookup anywhere would add 100 more.
    expect(few).toBeGreaterThan(0);
    expect(few).toBeLessThanOrEqual(30);
  });
}

describe('SQL statements of the customer-360 query (SQLite)', () => scenario('sqlite'));
describeWithPostgres('SQL statements of the customer-360 query (PostgreSQL)', () =>
  scenario('postgresql'),
);
