// Subscriptions in the embedded mode: canonical changes on the in-process stream reach graphql-ws
// clients with any selection of the federated graph, to many subscribers at once; a slow client is
// dropped with 1013 while the others carry on; callers authenticate and scopes hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningGateway } from '../../../gateway/server';
import { SLOW_CLIENT_CLOSE_CODE } from '../../../gateway/subscriptions/server';
import { subscriptionsDropped } from '../../../lib/metrics';
import { canonicalTopic, type CanonicalChange } from '../../../schema/events';
import { encodeCanonical } from '../../../streams/codec';
import { MemoryStream } from '../../../streams/memory';
import type { StreamProducer } from '../../../streams/stream';
import { waitFor } from '../../helpers/kafka';
import { customerId, ids, orderId } from '../graph/fixture';
import { seedCustomer360 } from '../graph/fixture';
import { credentialFor, openStore, query, startGraph, type Store } from '../graph/harness';
import { subscribe, wsClient } from './client';

const ORDERS = 30;

const orderSelection = /* GraphQL */ `
  name
  financialStatus
  accounting {
    paid
    refundedAmount {
      amount
    }
  }
  erp {
    status
  }
  customer {
    email
    crm {
      lifecycleStage
    }
  }
  lineItems {
    sku
    variant {
      unitCost {
        amount
      }
    }
  }
`;

let version = 1_700_000_000_000;
const change = (
  entity: CanonicalChange['entity'],
  id: string,
  data: Record<string, unknown> | null = {},
): CanonicalChange => ({
  id,
  entity,
  op: data ? 'upsert' : 'delete',
  version: ++version,
  changedAt: new Date(version).toISOString(),
  data,
});

describe('subscriptions over graphql-ws (embedded, in-process stream)', () => {
  let store: Store;
  let stream: MemoryStream;
  let producer: StreamProducer;
  let gateway: RunningGateway;
  const publish = (...changes: CanonicalChange[]) =>
    Promise.all(changes.map((c) => producer.send(canonicalTopic(c.entity), [encodeCanonical(c)])));

  beforeAll(async () => {
    store = await openStore('sqlite');
    await seedCustomer360(store.db.orm.em, ORDERS);
    stream = new MemoryStream();
    producer = await stream.producer();
    gateway = await startGraph(store.db, {
      subscriptions: {
        stream,
        namespace: 'plexus',
        limits: { maxQueuedEvents: 40, maxBufferedBytes: 128 * 1024 },
      },
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await producer?.disconnect();
    await stream?.close();
    await store?.close();
  });

  it('delivers an order change with fields from all four subgraphs, as a query would', async () => {
    const client = wsClient(gateway.subscriptionsUrl, credentialFor());
    try {
      const subscriber = subscribe(
        client,
        `subscription ($id: ID) { orderChanged(id: $id) { id operation order { ${orderSelection} } } }`,
        { id: orderId(2) },
      );
      // The subscription is registered once the server has answered nothing for a moment; keep
      // publishing until the first event arrives, then one more that must arrive too.
      await waitFor(
        async () => {
          await publish(change('order', orderId(1)), change('order', orderId(2)));
          return subscriber.received.length > 0;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      const expected = await query<{ order: unknown }>(
        gateway.url,
        `query ($id: ID!) { order(id: $id) { ${orderSelection} } }`,
        { id: orderId(2) },
      );
      expect(expected.errors).toBeUndefined();
      const [first] = subscriber.received;
      expect(first?.errors).toBeUndefined();
      expect(first?.data).toEqual({
        orderChanged: { id: orderId(2), operation: 'UPSERT', order: expected.data?.order },
      });
      // Only the order asked for: order 1's changes never came.
      expect(subscriber.received.every((r) => JSON.stringify(r).includes(orderId(2)))).toBe(true);
      await publish(change('order', orderId(2), null));
      await waitFor(() =>
        subscriber.received.some(
          (r) => (r.data?.orderChanged as { operation?: string })?.operation === 'DELETE',
        ),
      );
      const deleted = subscriber.received.find(
        (r) => (r.data?.orderChanged as { operation?: string })?.operation === 'DELETE',
      );
      expect(deleted?.data).toEqual({
        orderChanged: { id: orderId(2), operation: 'DELETE', order: null },
      });
    } finally {
      await client.dispose();
    }
  });

  it('follows stock by SKU and customers by id', async () => {
    const client = wsClient(gateway.subscriptionsUrl, credentialFor());
    try {
      const stock = subscribe(
        client,
        `subscription { inventoryChanged(sku: " sku-a ") { sku source available variant { id sku product { title } stock { location { name } available } } } }`,
      );
      const customer = subscribe(
        client,
        `subscription ($id: ID!) { customerChanged(id: $id) { id c: customer { id email identities { source } } } }`,
        { id: customerId },
      );
      const level = {
        sku: 'SKU-A',
        variantId: ids.skuA,
        source: 'erp',
        available: 7,
        onHand: 10,
      };
      await waitFor(
        async () => {
          await publish(change('inventory-level', ids.main, level), change('customer', customerId));
          return stock.received.length > 0 && customer.received.length > 0;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(stock.received[0]?.data).toMatchObject({
        inventoryChanged: {
          sku: 'SKU-A',
          source: 'ERP',
          available: 7,
          variant: { id: ids.skuA, sku: 'SKU-A', product: { title: 'Difference Engine Kit' } },
        },
      });
      expect(customer.received[0]?.data).toMatchObject({
        customerChanged: { id: customerId, c: { id: customerId, email: 'ada@example.com' } },
      });
    } finally {
      await client.dispose();
    }
  });

  it('delivers every change to each of 200 subscribers', async () => {
    const clients = Array.from({ length: 200 }, () =>
      wsClient(gateway.subscriptionsUrl, credentialFor()),
    );
    try {
      const subscribers = clients.map((client) =>
        subscribe(client, `subscription { orderChanged { id order { name customer { email } } } }`),
      );
      // Wait until every subscriber is live: each has seen at least one warm-up change.
      await waitFor(
        async () => {
          await publish(change('order', orderId(3)));
          return subscribers.every((s) => s.received.length > 0);
        },
        { timeoutMs: 60_000, intervalMs: 300 },
      );
      const before = subscribers.map((s) => s.received.length);
      const burst = Array.from({ length: 10 }, (_, i) => change('order', orderId(4 + i)));
      await publish(...burst);
      await Promise.all(subscribers.map((s, i) => s.waitFor((before[i] ?? 0) + burst.length)));
      for (const [i, s] of subscribers.entries()) {
        const ids = s.received
          .slice(before[i])
          .map((r) => (r.data?.orderChanged as { id: string }).id);
        // Warm-up changes still in flight may come first; the burst arrives whole.
        // Order holds per key (per partition), as on Kafka; the burst has ten keys.
        expect(ids.filter((id) => burst.some((b) => b.id === id)).sort()).toEqual(
          burst.map((b) => b.id).sort(),
        );
      }
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  }, 120_000);

  it('closes a client that stops reading with 1013, while the others carry on', async () => {
    const heavy = `subscription { orderChanged { id order { customer { orders(first: ${ORDERS}) { nodes { name lineItems { title sku quantity } } } } } } }`;
    const fast = wsClient(gateway.subscriptionsUrl, credentialFor());
    const slow = new WebSocket(gateway.subscriptionsUrl, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      slow.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    try {
      await new Promise((resolve) => slow.once('open', resolve));
      slow.send(
        JSON.stringify({
          type: 'connection_init',
          payload: { Authorization: `Bearer ${credentialFor()}` },
        }),
      );
      await new Promise((resolve) => slow.once('message', resolve));
      // Fifty subscriptions on the slow connection: each change sends it fifty answers.
      for (let id = 1; id <= 50; id++) {
        slow.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: heavy } }));
      }
      let slowReceived = 0;
      slow.on('message', () => slowReceived++);
      const live = subscribe(fast, heavy);
      await waitFor(
        async () => {
          await publish(change('order', orderId(1)));
          return live.received.length > 0 && slowReceived > 0;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      // The slow client stops reading: TCP fills, then the gateway's queue for it.
      slow.pause();
      const dropped = async () => (await subscriptionsDropped.get()).values[0]?.value ?? 0;
      const droppedBefore = await dropped();
      await waitFor(
        async () => {
          const seen = live.received.length;
          const burst = Array.from({ length: 10 }, (_, i) => change('order', orderId(i)));
          await publish(...burst);
          // The live client keeps up, so it is never the one dropped.
          await live.waitFor(seen + burst.length);
          return (await dropped()) > droppedBefore;
        },
        { timeoutMs: 150_000, intervalMs: 0 },
      );
      slow.resume();
      const close = await closed;
      expect(close.code).toBe(SLOW_CLIENT_CLOSE_CODE);
      expect(close.reason).toMatch(/^Subscriber too slow: /);
      // The others go on receiving.
      const seen = live.received.length;
      await publish(change('order', orderId(5)));
      await live.waitFor(seen + 1);
      expect(live.failure).toBeUndefined();
    } finally {
      slow.terminate();
      await fast.dispose();
    }
  }, 200_000);

  it('refuses a connection without credentials, and subscriptions beyond the scopes or limits', async () => {
    let closedWith: { code: number; reason: string } | undefined;
    const anonymous = wsClient(
      gateway.subscriptionsUrl,
      undefined,
      (event) => (closedWith = event),
    );
    const refused = subscribe(anonymous, 'subscription { orderChanged { id } }');
    await waitFor(() => refused.failure !== undefined);
    expect(closedWith?.code).toBe(4401);
    expect(closedWith?.reason).toMatch(/^Unauthenticated/);
    await anonymous.dispose();

    const catalogOnly = wsClient(gateway.subscriptionsUrl, credentialFor(['catalog:read']));
    try {
      const forbidden = subscribe(catalogOnly, 'subscription { orderChanged { id } }');
      await waitFor(() => forbidden.failure !== undefined || forbidden.received.length > 0);
      expect(JSON.stringify(forbidden.failure ?? forbidden.received)).toContain('FORBIDDEN');
      const deep = subscribe(
        catalogOnly,
        `subscription { inventoryChanged(sku: "SKU-A") { variant { product { variants { product { variants { product { variants { product { variants { product { variants { product { variants { product { title } } } } } } } } } } } } } } } }`,
      );
      await waitFor(() => deep.failure !== undefined);
      expect(JSON.stringify(deep.failure)).toContain('MAX_DEPTH_EXCEEDED');
    } finally {
      await catalogOnly.dispose();
    }
  });
});
