import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../streams/codec';
import * as f from '../../test/doubles/shopify/fixtures';
import {
  fulfillmentStatus,
  mapCustomer,
  mapInventoryLevel,
  mapLocation,
  mapOrder,
  mapProduct,
  numericId,
  upsertEvent,
} from './mapping';
import { inventoryLevelNodeSchema, orderNodeSchema } from './nodes';
import type { CustomerNode, ProductNode } from './types';

describe('GraphQL nodes → shopify.* payloads', () => {
  it('turns gids into numeric ids, inventory level gids included', () => {
    expect(numericId('gid://shopify/Order/5612345678901')).toBe('5612345678901');
    expect(numericId(f.inventoryLevelNode.id)).toBe('71234567890');
  });

  it('maps a customer', () => {
    expect(mapCustomer(f.customerNode as CustomerNode)).toEqual({
      id: '7408123456789',
      email: 'Ada.Lovelace@Example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '+442079460958',
      addresses: [f.customerNode.addresses[0]],
      createdAt: '2024-03-02T09:15:00.000Z',
      updatedAt: '2024-05-10T14:22:31.000Z',
    });
  });

  it('maps an order with its lines, refunds, transactions and fulfillments', () => {
    const order = mapOrder(orderNodeSchema.parse(f.orderNode));
    expect(order).toMatchObject({
      id: '5612345678901',
      customerId: '7408123456789',
      currency: 'USD',
      totalPrice: '126.00',
      financialStatus: 'partially_refunded',
      fulfillmentStatus: 'fulfilled',
      cancelledAt: null,
    });
    expect(order.lineItems).toEqual([
      {
        id: '13712345678901',
        sku: 'PLX-MUG-BLK',
        title: 'Analytical Engine Mug',
        quantity: 2,
        unitPrice: '22.50',
        variantId: '44123456789012',
      },
      {
        id: '13712345678902',
        sku: null,
        title: 'Gift wrap',
        quantity: 1,
        unitPrice: '60.00',
        variantId: null,
      },
    ]);
    expect(order.refunds).toEqual([
      { id: '912345678', createdAt: '2024-05-12T10:03:40.000Z', amount: '27.00', note: 'Chipped' },
    ]);
    // SUGGESTED_REFUND moves no money and is not in the contract's kinds.
    expect(order.transactions).toEqual([
      {
        id: '6612345678',
        kind: 'sale',
        status: 'success',
        amount: '126.00',
        gateway: 'shopify_payments',
        createdAt: '2024-05-10T14:20:06.000Z',
      },
    ]);
    expect(order.fulfillments).toEqual([
      {
        id: '4412345678',
        status: 'success',
        trackingNumber: '1Z999AA10123456784',
        trackingCompany: 'UPS',
        createdAt: '2024-05-11T08:00:00.000Z',
      },
    ]);
  });

  it('speaks the REST vocabulary for fulfillment status', () => {
    expect(fulfillmentStatus('PARTIALLY_FULFILLED')).toBe('partial');
    expect(fulfillmentStatus('UNFULFILLED')).toBeNull();
    expect(fulfillmentStatus('ON_HOLD')).toBe('on_hold');
  });

  it('maps a product and drops variants without a SKU (they join nothing)', () => {
    const product = mapProduct(f.productNode as ProductNode);
    expect(product.productType).toBeNull();
    expect(product.variants).toEqual([
      {
        id: '44123456789012',
        sku: 'PLX-MUG-BLK',
        title: 'Black',
        price: '22.50',
        inventoryItemId: '46123456789012',
      },
    ]);
  });

  it('maps a location and an inventory level', () => {
    expect(mapLocation(f.locationNode)).toEqual({
      id: '71234567890',
      name: 'Main Warehouse',
      isActive: true,
      updatedAt: '2024-01-05T00:00:00.000Z',
    });
    expect(mapInventoryLevel(inventoryLevelNodeSchema.parse(f.inventoryLevelNode))).toEqual({
      id: '46123456789012:71234567890',
      inventoryItemId: '46123456789012',
      locationId: '71234567890',
      sku: 'PLX-MUG-BLK',
      productId: '8812345678',
      quantities: { available: 40, onHand: 45, committed: 5, incoming: 12 },
      updatedAt: '2024-05-12T11:00:00.000Z',
    });
    const noSku = {
      ...f.inventoryLevelNode,
      item: { ...f.inventoryLevelNode.item, id: 'gid://shopify/InventoryItem/1', sku: null },
    };
    expect(mapInventoryLevel(noSku)).toBeNull();
  });

  it('makes events that the codec accepts, versioned by updatedAt in ms', () => {
    const payloads = [
      upsertEvent('customer', mapCustomer(f.customerNode as CustomerNode)),
      upsertEvent('order', mapOrder(orderNodeSchema.parse(f.orderNode))),
      upsertEvent('product', mapProduct(f.productNode as ProductNode)),
      upsertEvent('location', mapLocation(f.locationNode)),
      upsertEvent(
        'inventory-level',
        mapInventoryLevel(inventoryLevelNodeSchema.parse(f.inventoryLevelNode))!,
      ),
    ];
    for (const event of payloads) expect(() => encodeEvent(event)).not.toThrow();
    expect(payloads[1]).toMatchObject({
      source: 'shopify',
      entity: 'order',
      op: 'upsert',
      sourceId: '5612345678901',
      version: Date.parse('2024-05-12T10:03:47Z'),
    });
  });
});
