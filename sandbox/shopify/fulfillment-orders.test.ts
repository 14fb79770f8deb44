import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../toolkit/testing';
import { startShopifySandbox, type ShopifySandbox } from './index';
import type { Order } from './store';
import { at, gql } from './testing';

// Fulfilment through fulfillment orders over HTTP: reads of the remaining quantities, partial
// and whole fulfilments, Shopify's refusals (more than is left, a closed fulfillment order), the
// cost of a mutation and the fulfillments/create webhook.
let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, orders: 40, customers: 10, products: 10, seed: 3 });
});
afterAll(async () => sb.close());

const READ = `query($id: ID!) { order(id: $id) { displayFulfillmentStatus
  fulfillmentOrders(first: 5) { nodes { id status assignedLocation { location { id } }
    supportedActions { action }
    lineItems(first: 50) { nodes { id sku totalQuantity remainingQuantity lineItem { id } } } } } } }`;

const CREATE = `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
  fulfillment { id status totalQuantity trackingInfo { company number url }
    fulfillmentLineItems(first: 50) { nodes { quantity lineItem { id } } } }
  userErrors { field message } } }`;

interface FoLine {
  id: string;
  sku: string | null;
  totalQuantity: number;
  remainingQuantity: number;
}
interface Fo {
  id: string;
  status: string;
  supportedActions: { action: string }[];
  lineItems: { nodes: FoLine[] };
}

async function fulfillmentOrders(order: Order): Promise<Fo[]> {
  const { body } = await gql(sb, READ, { id: `gid://shopify/Order/${order.id}` });
  return at<Fo[]>(body.data, 'order.fulfillmentOrders.nodes');
}

function openOrder(): Order {
  const order = [...sb.store.orders.values()].find(
    (o) =>
      o.fulfillmentStatus === 'UNFULFILLED' &&
      !o.cancelledAt &&
      !sb.store.fulfillmentOrders.has(o.id) &&
      o.lineItems.some((l) => l.quantity >= 2),
  );
  if (!order) throw new Error('no unfulfilled order in the seed');
  return order;
}

describe('Shopify sandbox: fulfillment orders', () => {
  it('routes every line of an order to a fulfillment order with all of it remaining', async () => {
    const order = openOrder();
    const fos = await fulfillmentOrders(order);
    const lines = fos.flatMap((f) => f.lineItems.nodes);
    expect(fos.every((f) => f.status === 'OPEN')).toBe(true);
    expect(fos[0]?.supportedActions).toEqual([{ action: 'CREATE_FULFILLMENT' }]);
    expect(lines.map((l) => l.totalQuantity).sort()).toEqual(
      order.lineItems.map((l) => l.quantity).sort(),
    );
    expect(lines.every((l) => l.remainingQuantity === l.totalQuantity)).toBe(true);
  });

  it('fulfils part of a line, then refuses more than is left, then closes it', async () => {
    const receiver = await startReceiver();
    sb.webhooks.subscribe('FULFILLMENTS_CREATE', receiver.url);
    try {
      const order = openOrder();
      const fos = await fulfillmentOrders(order);
      const fo = fos.find((f) => f.lineItems.nodes.some((l) => l.totalQuantity >= 2));
      const line = fo?.lineItems.nodes.find((l) => l.totalQuantity >= 2);
      if (!fo || !line) throw new Error('no line of two');
      const first = await gql(sb, CREATE, {
        f: {
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: fo.id,
              fulfillmentOrderLineItems: [{ id: line.id, quantity: 1 }],
            },
          ],
          trackingInfo: { company: 'UPS', number: '1Z999', url: 'https://ups.example/1Z999' },
          notifyCustomer: false,
        },
      });
      expect(at(first.body.data, 'fulfillmentCreate.userErrors')).toEqual([]);
      expect(at(first.body.data, 'fulfillmentCreate.fulfillment.totalQuantity')).toBe(1);
      expect(at(first.body.data, 'fulfillmentCreate.fulfillment.trackingInfo')).toEqual([
        { company: 'UPS', number: '1Z999', url: 'https://ups.example/1Z999' },
      ]);
      expect(first.body.extensions?.cost.requestedQueryCost).toBe(10);
      expect(order.fulfillmentStatus).toBe('PARTIALLY_FULFILLED');

      const after = (await fulfillmentOrders(order)).find((f) => f.id === fo.id);
      expect(after?.status).toBe('IN_PROGRESS');
      const left = after?.lineItems.nodes.find((l) => l.id === line.id);
      expect(left?.remainingQuantity).toBe(line.totalQuantity - 1);

      const over = await gql(sb, CREATE, {
        f: {
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: fo.id,
              fulfillmentOrderLineItems: [{ id: line.id, quantity: line.totalQuantity }],
            },
          ],
        },
      });
      expect(at(over.body.data, 'fulfillmentCreate')).toEqual({
        fulfillment: null,
        userErrors: [
          {
            field: ['fulfillment'],
            message: 'Invalid fulfillment order line item quantity requested.',
          },
        ],
      });

      // No lines named: everything every named fulfillment order has left.
      const rest = await gql(sb, CREATE, {
        f: { lineItemsByFulfillmentOrder: fos.map((f) => ({ fulfillmentOrderId: f.id })) },
      });
      const errors = at<{ message: string }[]>(rest.body.data, 'fulfillmentCreate.userErrors');
      if (fos.length > 1) {
        // Fulfillment orders at several locations cannot share one fulfilment.
        expect(errors[0]?.message).toMatch(/same location/);
        for (const f of fos) {
          await gql(sb, CREATE, {
            f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: f.id }] },
          });
        }
      } else {
        expect(errors).toEqual([]);
      }
      expect(order.fulfillmentStatus).toBe('FULFILLED');
      const closed = await fulfillmentOrders(order);
      expect(closed.every((f) => f.status === 'CLOSED')).toBe(true);

      const again = await gql(sb, CREATE, {
        f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] },
      });
      expect(at(again.body.data, 'fulfillmentCreate.userErrors')).toEqual([
        {
          field: ['fulfillment'],
          message: `Fulfillment order ${fo.id} has an unfulfillable status= closed.`,
        },
      ]);

      await receiver.waitFor(2, 10_000);
      const hooks = receiver.received.map((r) => JSON.parse(r.rawBody) as Record<string, unknown>);
      expect(hooks[0]).toMatchObject({
        order_id: order.id,
        tracking_number: '1Z999',
        tracking_company: 'UPS',
        tracking_url: 'https://ups.example/1Z999',
        line_items: [{ quantity: 1 }],
      });
    } finally {
      await receiver.close();
    }
  });

  it('closes the fulfillment orders of a cancelled order', async () => {
    const order = openOrder();
    order.cancelledAt = sb.store.stamp();
    sb.store.upsertOrder(order, 'update');
    const fos = await fulfillmentOrders(order);
    expect(fos.every((f) => f.status === 'CLOSED')).toBe(true);
    const refused = await gql(sb, CREATE, {
      f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fos[0]?.id }] },
    });
    expect(
      at<{ message: string }[]>(refused.body.data, 'fulfillmentCreate.userErrors')[0]?.message,
    ).toMatch(/unfulfillable status= closed/);
  });

  it('names an unknown fulfillment order', async () => {
    const { body } = await gql(sb, CREATE, {
      f: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/1' }],
      },
    });
    expect(at(body.data, 'fulfillmentCreate.userErrors')).toEqual([
      { field: ['fulfillment'], message: 'Fulfillment order does not exist.' },
    ]);
  });
});
