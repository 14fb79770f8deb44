import { describe, expect, it } from 'vitest';
import {
  decide,
  lineChanges,
  shippingOf,
  type OrderFacts,
  type OrderToErpSettings,
} from './decide';

const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  name: '#1001',
  email: 'ada@example.com',
  currency: 'USD',
  totalPrice: '27.00',
  subtotalPrice: '20.00',
  totalTax: '2.00',
  financialStatus: 'paid',
  createdAt: new Date('2026-12-01T10:00:00Z'),
  cancelledAt: null,
  lines: [{ sku: 'MUG-1', title: 'Mug', quantity: 2, unitPrice: '10.00' }],
  ...over,
});
const settings = (over: Partial<OrderToErpSettings> = {}): OrderToErpSettings => ({
  scope: { kind: 'paid' },
  locationMap: new Map(),
  ...over,
});
const lookups = {
  itemNumbers: new Set(['MUG-1', 'SHIP']),
  erpLocations: new Map([['main warehouse', 'loc-1']]),
};

describe('order-to-erp decide', () => {
  it('makes one sales order with lines by SKU and the order name as externalDocumentNumber', () => {
    const d = decide(order(), settings(), lookups);
    expect(d).toMatchObject({
      kind: 'sync',
      order: {
        externalDocumentNumber: '#1001',
        orderDate: '2026-12-01',
        lines: [{ lineObjectNumber: 'MUG-1', quantity: 2, unitPrice: 10 }],
      },
    });
    // The same inputs give the same source version: the echo of our own write is a no-op.
    expect(decide(order(), settings(), lookups)).toEqual(d);
  });

  it('skips unpaid orders unless all orders go', () => {
    expect(decide(order({ financialStatus: 'pending' }), settings(), lookups).kind).toBe('skip');
    expect(
      decide(order({ financialStatus: 'pending' }), settings({ scope: { kind: 'all' } }), lookups)
        .kind,
    ).toBe('sync');
  });

  it('parks an unknown SKU or an unmapped location with the reason', () => {
    const sku = decide(
      order({ lines: [{ sku: 'NOPE', title: 'X', quantity: 1, unitPrice: '1' }] }),
      settings(),
      lookups,
    );
    expect(sku).toEqual({ kind: 'park', reason: expect.stringContaining('NOPE') });
    // Two lines of one unknown SKU name it once.
    const twice = decide(
      order({
        lines: [
          { sku: 'NOPE', title: 'X', quantity: 1, unitPrice: '1' },
          { sku: 'NOPE', title: 'X', quantity: 2, unitPrice: '1' },
        ],
      }),
      settings(),
      lookups,
    );
    expect(twice).toEqual({ kind: 'park', reason: 'unknown SKU: NOPE not an ERP item' });
    const location = decide(order(), settings({ shopifyLocation: 'Attic' }), lookups);
    expect(location).toEqual({ kind: 'park', reason: expect.stringContaining('Attic') });
    const mapped = decide(
      order(),
      settings({ shopifyLocation: 'Shop', locationMap: new Map([['shop', 'Main Warehouse']]) }),
      lookups,
    );
    expect(mapped).toMatchObject({ kind: 'sync', order: { lines: [{ locationId: 'loc-1' }] } });
  });

  it('adds shipping as a line when a shipping item is configured, and cancels cancelled orders', () => {
    expect(shippingOf(order())).toBe(5);
    const d = decide(order(), settings({ shippingItem: 'SHIP' }), lookups);
    expect(d).toMatchObject({ order: { lines: [{}, { lineObjectNumber: 'SHIP', unitPrice: 5 }] } });
    expect(decide(order({ cancelledAt: new Date() }), settings(), lookups).kind).toBe('cancel');
    expect(decide(order({ name: 'x'.repeat(40) }), settings(), lookups)).toMatchObject({
      order: { externalDocumentNumber: 'x'.repeat(35) },
    });
  });

  it('edits lines in place: changed, added and removed', () => {
    const existing = [
      {
        id: 'a',
        etag: 'ea',
        lineObjectNumber: 'MUG-1',
        locationId: '',
        quantity: 1,
        unitPrice: 10,
      },
      { id: 'b', etag: 'eb', lineObjectNumber: 'OLD', locationId: '', quantity: 1, unitPrice: 3 },
    ];
    const changes = lineChanges(existing, [
      { lineType: 'Item', lineObjectNumber: 'MUG-1', quantity: 2, unitPrice: 10 },
      { lineType: 'Item', lineObjectNumber: 'NEW', quantity: 1, unitPrice: 4 },
    ]);
    expect(changes.change).toEqual([{ id: 'a', etag: 'ea', quantity: 2, unitPrice: 10 }]);
    expect(changes.add.map((l) => l.lineObjectNumber)).toEqual(['NEW']);
    expect(changes.remove).toEqual([{ id: 'b', etag: 'eb' }]);
  });
});
