import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from '../../sandbox/shopify/index';
import { referenceSchemaFile } from '../../sandbox/shopify/testing';
import { quietLogger } from '../../test/doubles/testkit';
import { createShopifyClient, type ShopifyClient } from './client';
import {
  createFulfillment,
  FULFILLMENT_CREATE,
  ORDER_FULFILLMENT_ORDERS,
  readFulfillmentOrders,
} from './fulfillments';

// The fulfilment calls against the Shopify sandbox over HTTP, and their documents against
// Shopify's published 2025-01 schema.
let sb: ShopifySandbox;
let client: ShopifyClient;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, orders: 30, customers: 10, products: 8, seed: 11 });
  client = createShopifyClient({
    config: {
      shop: sb.shopDomain,
      accessToken: sb.accessToken,
      apiVersion: sb.apiVersion,
      apiUrl: sb.url,
    },
    logger: quietLogger(),
    timeoutMs: 10_000,
  });
});
afterAll(async () => sb.close());

describe.skipIf(!existsSync(referenceSchemaFile))('fulfilment documents', () => {
  it('validate against Shopify 2025-01 without deprecated fields', () => {
    const json = JSON.parse(gunzipSync(readFileSync(referenceSchemaFile)).toString('utf8')) as {
      data: IntrospectionQuery;
    };
    const schema = buildClientSchema(json.data);
    for (const doc of [ORDER_FULFILLMENT_ORDERS, FULFILLMENT_CREATE]) {
      expect(validate(schema, parse(doc)).map((e) => e.message)).toEqual([]);
    }
  });
});

describe('fulfilment calls', () => {
  it('reads fulfillment orders, fulfils a line, and returns a refusal as a result', async () => {
    const order = [...sb.store.orders.values()].find(
      (o) => o.fulfillmentStatus === 'UNFULFILLED' && !o.cancelledAt,
    );
    if (!order) throw new Error('no open order');
    const read = await readFulfillmentOrders(client, `gid://shopify/Order/${order.id}`);
    expect(read?.name).toBe(order.name);
    const fo = read?.fulfillmentOrders[0];
    const line = fo?.lineItems[0];
    if (!fo || !line) throw new Error('no fulfillment order');
    expect(line.remainingQuantity).toBe(line.totalQuantity);

    const done = await createFulfillment(client, {
      lineItemsByFulfillmentOrder: [
        {
          fulfillmentOrderId: fo.id,
          fulfillmentOrderLineItems: [{ id: line.id, quantity: line.totalQuantity }],
        },
      ],
      trackingInfo: { company: 'DHL', number: 'JD0001' },
      notifyCustomer: false,
    });
    expect(done).toMatchObject({ ok: true });
    expect(order.fulfillments.at(-1)?.trackingNumber).toBe('JD0001');

    const again = await createFulfillment(client, {
      lineItemsByFulfillmentOrder: [
        { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: line.id, quantity: 1 }] },
      ],
      notifyCustomer: false,
    });
    expect(again).toEqual({
      ok: false,
      userErrors: [
        expect.objectContaining({ message: expect.stringMatching(/quantity|unfulfillable/) }),
      ],
    });
    const after = await readFulfillmentOrders(client, `gid://shopify/Order/${order.id}`);
    const same = after?.fulfillmentOrders.find((f) => f.id === fo.id);
    expect(same?.lineItems.find((l) => l.id === line.id)?.remainingQuantity).toBe(0);
    expect(after?.fulfillments.at(-1)).toMatchObject({
      status: 'SUCCESS',
      lines: [{ sku: line.sku, quantity: line.totalQuantity }],
    });
  });

  it('answers null for an order Shopify does not have', async () => {
    await expect(readFulfillmentOrders(client, 'gid://shopify/Order/1')).resolves.toBeNull();
  });
});
