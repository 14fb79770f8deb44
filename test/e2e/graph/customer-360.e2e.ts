// The customer-360 query through the gateway returns exactly the stored values, from all four
// subgraphs, on SQLite and (when DATABASE_URL is set) on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleQuery } from '../../../gateway/ide';
import type { RunningGateway } from '../../../gateway/server';
import { describeWithPostgres } from '../../helpers/infra';
import {
  customer360Query,
  customerId,
  ids,
  orderCreatedAt,
  orderId,
  orderName,
  seedCustomer360,
} from './fixture';
import { openStore, query, startGraph, type Dialect, type Store } from './harness';

const usd = (amount: string) => ({ amount, currencyCode: 'USD' });

const variantA = {
  id: ids.skuA,
  sku: 'SKU-A',
  price: usd('19.99'),
  unitCost: { amount: '4.20' },
  product: { title: 'Difference Engine Kit' },
  stock: [
    {
      location: { id: ids.east, name: 'East Depot' },
      onHand: 4,
      available: 4,
      committed: 0,
      incoming: 0,
    },
    {
      location: { id: ids.main, name: 'Main Warehouse' },
      onHand: 10,
      available: 7,
      committed: 3,
      incoming: 5,
    },
  ],
};
const variantB = {
  id: ids.skuB,
  sku: 'SKU-B',
  price: usd('5.00'),
  unitCost: null,
  product: { title: 'Difference Engine Kit' },
  stock: [
    {
      location: { id: ids.main, name: 'Main Warehouse' },
      onHand: 2,
      available: 2,
      committed: 0,
      incoming: 1,
    },
  ],
};

function expectedOrder(i: number) {
  const first = i === 0;
  return {
    id: orderId(i),
    name: orderName(i),
    createdAt: orderCreatedAt(i).toISOString(),
    totalPrice: usd('44.98'),
    refunds: first ? [{ amount: { amount: '5.00' }, note: 'damaged box' }] : [],
    erp: {
      salesOrderNumber: `SO-${1001 + i}`,
      status: first ? 'Released' : 'Open',
      shipments: [
        {
          number: `SH-${1001 + i}`,
          postedAt: new Date(orderCreatedAt(i).getTime() + 2 * 86_400_000).toISOString(),
        },
      ],
    },
    accounting: {
      invoiceNumber: `INV-${1001 + i}`,
      paid: first,
      refundedAmount: { amount: first ? '5.10' : '0.00' },
      fees: usd(first ? '1.90' : '0.00'),
    },
    lineItems: [
      { sku: 'SKU-A', quantity: 2, unitPrice: usd('19.99'), variant: variantA },
      { sku: 'SKU-B', quantity: 1, unitPrice: usd('5.00'), variant: variantB },
    ],
  };
}

const expected = {
  customer: {
    id: customerId,
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    identities: [
      { source: 'ACCOUNTING', sourceId: 'qb-77' },
      { source: 'CRM', sourceId: 'crm-501' },
      { source: 'ERP', sourceId: 'erp-c-1' },
      { source: 'SHOPIFY', sourceId: 'shop-1001' },
    ],
    erp: { number: 'C00010', balanceDue: usd('125.50') },
    crm: {
      lifecycleStage: 'customer',
      leadStatus: 'CONNECTED',
      ownerEmail: 'owner@shop.example',
      marketingConsent: true,
      lastActivityAt: '2024-02-20T09:30:00.000Z',
      company: { name: 'Analytical Engines Ltd', domain: 'engines.example' },
      deals: {
        totalCount: 1,
        nodes: [{ name: 'Wholesale renewal', stage: 'closedwon', amount: usd('1200.00') }],
      },
    },
    accounting: {
      openBalance: usd('80.00'),
      currency: 'USD',
      invoices: {
        totalCount: 3,
        nodes: [2, 1].map((i) => ({
          number: `INV-${1001 + i}`,
          issuedAt: orderCreatedAt(i).toISOString(),
          total: { amount: '44.98' },
          balance: { amount: '44.98' },
        })),
      },
      payments: {
        totalCount: 1,
        nodes: [{ paidAt: '2024-01-02T00:00:00.000Z', amount: usd('44.98') }],
      },
    },
    orders: {
      totalCount: 3,
      pageInfo: { hasNextPage: false },
      nodes: [2, 1, 0].map(expectedOrder),
    },
  },
};

function scenario(dialect: Dialect) {
  let store: Store;
  let gateway: RunningGateway;

  beforeAll(async () => {
    store = await openStore(dialect);
    await seedCustomer360(store.db.orm.em, 3);
    gateway = await startGraph(store.db);
  });
  afterAll(async () => {
    await gateway?.stop();
    await store?.close();
  });

  it('answers the customer-360 query with exactly the stored values', async () => {
    const result = await query(gateway.url, customer360Query, { id: customerId, orders: 10 });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(expected);
  });

  it('pages orders by keyset cursors, newest first', async () => {
    const page = `query ($id: ID!, $after: String) {
      customer(id: $id) { orders(first: 2, after: $after) {
        totalCount edges { cursor node { name } } nodes { name } pageInfo { hasNextPage endCursor }
      } }
    }`;
    type Orders = {
      customer: {
        orders: {
          totalCount: number;
          nodes: { name: string }[];
          edges: { cursor: string }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
    };
    const one = await query<Orders>(gateway.url, page, { id: customerId });
    const first = one.data?.customer.orders;
    expect(first?.nodes).toEqual([{ name: '#1003' }, { name: '#1002' }]);
    expect(first?.pageInfo).toEqual({ hasNextPage: true, endCursor: first?.edges[1]?.cursor });
    const two = await query<Orders>(gateway.url, page, {
      id: customerId,
      after: first?.pageInfo.endCursor,
    });
    expect(two.data?.customer.orders.nodes).toEqual([{ name: '#1001' }]);
    expect(two.data?.customer.orders.pageInfo.hasNextPage).toBe(false);
    expect(two.data?.customer.orders.totalCount).toBe(3);
  });

  it('finds a customer by any identity email, ignoring case and whitespace', async () => {
    const result = await query<{ customers: { totalCount: number; nodes: { id: string }[] } }>(
      gateway.url,
      `{ customers(first: 5, email: "  ADA@example.COM ") { totalCount nodes { id } } }`,
    );
    expect(result.data?.customers).toEqual({ totalCount: 1, nodes: [{ id: customerId }] });
  });

  it('serves the top-level lists and entity lookups', async () => {
    const result = await query(
      gateway.url,
      `query ($order: ID!) {
        orders(first: 1, updatedSince: "2024-01-01T01:30:00Z") { totalCount nodes { name customer { id } } }
        products(first: 5, sku: " sku-b ") { totalCount nodes { handle status variants { sku } } }
        order(id: $order) { name fulfillmentStatus customer { email } }
        locations { id name }
      }`,
      { order: orderId(0) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      orders: { totalCount: 1, nodes: [{ name: '#1003', customer: { id: customerId } }] },
      products: {
        totalCount: 1,
        nodes: [
          {
            handle: 'difference-engine-kit',
            status: 'ACTIVE',
            variants: [{ sku: 'SKU-A' }, { sku: 'SKU-B' }],
          },
        ],
      },
      order: {
        name: '#1001',
        fulfillmentStatus: 'fulfilled',
        customer: { email: 'ada@example.com' },
      },
      locations: [
        { id: ids.east, name: 'East Depot' },
        { id: ids.main, name: 'Main Warehouse' },
      ],
    });
  });

  it('runs the example query the IDE opens with', async () => {
    const result = await query(gateway.url, exampleQuery);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ customers: { totalCount: 1 } });
  });

  it('sends a browser that opens the GraphQL URL to the IDE', async () => {
    const response = await fetch(gateway.url, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/ide/');
  });

  it('rejects a forged cursor as bad input', async () => {
    const result = await query(
      gateway.url,
      `{ customers(first: 1, after: "bm9wZQ") { totalCount } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
}

describe('customer 360 through the gateway (SQLite)', () => scenario('sqlite'));
describeWithPostgres('customer 360 through the gateway (PostgreSQL)', () => scenario('postgresql'));
