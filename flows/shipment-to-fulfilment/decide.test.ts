import { describe, expect, it } from 'vitest';
import type { OrderFulfillmentOrders } from '../../connectors/shopify/fulfillments';
import { decideFulfilment, describeShortfall, trackingOf } from './decide';

const gidFo = (n: number) => `gid://shopify/FulfillmentOrder/${n}`;
const gidLine = (n: number) => `gid://shopify/FulfillmentOrderLineItem/${n}`;

function shop(overrides: Partial<OrderFulfillmentOrders> = {}): OrderFulfillmentOrders {
  return {
    orderId: 'gid://shopify/Order/1',
    name: '#1001',
    fulfillmentOrders: [
      {
        id: gidFo(1),
        status: 'OPEN',
        locationId: 'gid://shopify/Location/10',
        locationName: 'Main',
        lineItems: [
          { id: gidLine(11), sku: 'SKU-A', totalQuantity: 3, remainingQuantity: 3 },
          { id: gidLine(12), sku: 'SKU-B', totalQuantity: 1, remainingQuantity: 1 },
        ],
      },
      {
        id: gidFo(2),
        status: 'OPEN',
        locationId: 'gid://shopify/Location/20',
        locationName: 'East',
        lineItems: [{ id: gidLine(21), sku: 'SKU-C', totalQuantity: 2, remainingQuantity: 2 }],
      },
    ],
    fulfillments: [],
    ...overrides,
  };
}

const shipped = (entries: [string, number][]) => new Map(entries);

describe('decideFulfilment', () => {
  it('fulfils what the ERP shipped, one call per location, with tracking', () => {
    const decision = decideFulfilment({
      shipped: shipped([
        ['sku-a', 2],
        ['SKU-C', 2],
      ]),
      shopify: shop(),
      tracking: { company: 'UPS', number: '1Z1', url: 'https://ups.example/1Z1' },
      notifyCustomer: true,
    });
    expect(decision).toEqual({
      kind: 'fulfil',
      shortfall: [],
      calls: [
        {
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: gidFo(1),
              fulfillmentOrderLineItems: [{ id: gidLine(11), quantity: 2 }],
            },
          ],
          trackingInfo: { company: 'UPS', number: '1Z1', url: 'https://ups.example/1Z1' },
          notifyCustomer: true,
        },
        {
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: gidFo(2),
              fulfillmentOrderLineItems: [{ id: gidLine(21), quantity: 2 }],
            },
          ],
          trackingInfo: { company: 'UPS', number: '1Z1', url: 'https://ups.example/1Z1' },
          notifyCustomer: true,
        },
      ],
    });
  });

  it('asks for nothing once Shopify has fulfilled what was shipped (a replay, an echo)', () => {
    const decision = decideFulfilment({
      shipped: shipped([['SKU-A', 2]]),
      shopify: shop({
        fulfillments: [
          {
            id: 'gid://shopify/Fulfillment/5',
            status: 'SUCCESS',
            lines: [{ sku: 'SKU-A', quantity: 2 }],
          },
        ],
      }),
      notifyCustomer: false,
    });
    expect(decision).toEqual({ kind: 'unchanged' });
  });

  it('fulfils only the difference after a partial fulfilment, and ignores cancelled ones', () => {
    const decision = decideFulfilment({
      shipped: shipped([['SKU-A', 3]]),
      shopify: shop({
        fulfillments: [
          { id: 'f1', status: 'SUCCESS', lines: [{ sku: 'SKU-A', quantity: 1 }] },
          { id: 'f2', status: 'CANCELLED', lines: [{ sku: 'SKU-A', quantity: 2 }] },
        ],
      }),
      notifyCustomer: false,
    });
    expect(decision.kind).toBe('fulfil');
    if (decision.kind !== 'fulfil') return;
    expect(decision.calls).toHaveLength(1);
    expect(decision.calls[0]?.lineItemsByFulfillmentOrder[0]?.fulfillmentOrderLineItems).toEqual([
      { id: gidLine(11), quantity: 2 },
    ]);
    expect(decision.calls[0]?.trackingInfo).toBeUndefined();
  });

  it('never asks for more than a line has left, and names the shortfall', () => {
    const decision = decideFulfilment({
      shipped: shipped([
        ['SKU-B', 3],
        ['SKU-Z', 1],
      ]),
      shopify: shop(),
      notifyCustomer: false,
    });
    expect(decision).toMatchObject({
      kind: 'fulfil',
      shortfall: [
        { sku: 'SKU-B', missing: 2 },
        { sku: 'SKU-Z', missing: 1 },
      ],
    });
  });

  it('is blocked when nothing shipped can be fulfilled: closed fulfillment orders', () => {
    const closed = shop();
    for (const fo of closed.fulfillmentOrders) fo.status = 'CLOSED';
    const decision = decideFulfilment({
      shipped: shipped([['SKU-A', 1]]),
      shopify: closed,
      notifyCustomer: false,
    });
    expect(decision).toEqual({ kind: 'blocked', shortfall: [{ sku: 'SKU-A', missing: 1 }] });
    if (decision.kind === 'blocked') {
      expect(describeShortfall('#1001', decision.shortfall)).toContain('1 × SKU-A of #1001');
    }
  });

  it('spreads one SKU over several lines that hold it', () => {
    const split = shop();
    split.fulfillmentOrders[1]?.lineItems.push({
      id: gidLine(22),
      sku: 'SKU-A',
      totalQuantity: 2,
      remainingQuantity: 2,
    });
    const decision = decideFulfilment({
      shipped: shipped([['SKU-A', 4]]),
      shopify: split,
      notifyCustomer: false,
    });
    if (decision.kind !== 'fulfil') throw new Error(decision.kind);
    const lines = decision.calls.flatMap((c) =>
      c.lineItemsByFulfillmentOrder.flatMap((g) => g.fulfillmentOrderLineItems),
    );
    expect(lines).toEqual([
      { id: gidLine(11), quantity: 3 },
      { id: gidLine(22), quantity: 1 },
    ]);
  });
});

describe('trackingOf: what the ERP shipments say of tracking', () => {
  const shipment = (
    number: string,
    day: number,
    tracking: { trackingNumber?: string; trackingCompany?: string; trackingUrl?: string } = {},
  ) => ({
    number,
    postedAt: new Date(Date.UTC(2026, 0, day)),
    trackingNumber: tracking.trackingNumber ?? null,
    trackingCompany: tracking.trackingCompany ?? null,
    trackingUrl: tracking.trackingUrl ?? null,
  });

  it('is none when no shipment has any (the standard BC page)', () => {
    expect(trackingOf([shipment('S-1', 1), shipment('S-2', 2)])).toBeUndefined();
  });

  it("takes the newest tracked shipment's number, carrier and URL", () => {
    const tracking = trackingOf([
      shipment('S-1', 1, { trackingNumber: 'OLD', trackingCompany: 'DHL' }),
      shipment('S-3', 3),
      shipment('S-2', 2, {
        trackingNumber: '1Z2',
        trackingCompany: 'UPS',
        trackingUrl: 'https://ups.example/1Z2',
      }),
    ]);
    expect(tracking).toEqual({ number: '1Z2', company: 'UPS', url: 'https://ups.example/1Z2' });
  });

  it('reaches Shopify as trackingInfo on every call of the fulfilment', () => {
    const tracking = trackingOf([
      shipment('S-1', 1, { trackingNumber: '1Z9', trackingCompany: 'UPS' }),
    ]);
    const decision = decideFulfilment({
      shipped: shipped([['SKU-A', 1]]),
      shopify: shop(),
      tracking,
      notifyCustomer: false,
    });
    expect(decision.kind === 'fulfil' && decision.calls.map((c) => c.trackingInfo)).toEqual([
      { number: '1Z9', company: 'UPS' },
    ]);
  });
});
