import { describe, expect, it } from 'vitest';
import {
  childTables,
  orderAggregate,
  productAggregate,
  salesOrderAggregate,
  sortChildren,
} from './aggregates';

describe('aggregates', () => {
  it('lists child tables by name, in declaration order', () => {
    expect(childTables(orderAggregate).map((t) => [t.key, t.entity, t.parentProperty])).toEqual([
      ['lineItems', 'OrderLine', 'orderId'],
      ['refunds', 'OrderRefund', 'orderId'],
      ['transactions', 'OrderTransaction', 'orderId'],
      ['fulfillments', 'OrderFulfillment', 'orderId'],
    ]);
    expect(childTables(productAggregate).map((t) => t.entity)).toEqual(['Variant']);
    expect(childTables(salesOrderAggregate).map((t) => t.entity)).toEqual(['SalesOrderLine']);
  });

  it('declares only columns the child entities have', () => {
    for (const of of [orderAggregate, productAggregate, salesOrderAggregate]) {
      for (const c of Object.values(of.children)) {
        const properties = Object.keys(c.schema.meta.properties);
        expect(properties).toContain(c.parentProperty);
        expect(properties).toContain(c.orderBy);
      }
    }
  });

  it('sorts numeric source ids by value, dates by instant, and breaks ties by id', () => {
    const variants = [
      { id: 'c', sourceId: '10' },
      { id: 'b', sourceId: '9' },
      { id: 'a', sourceId: '10' },
    ];
    expect(sortChildren(variants, 'sourceId').map((v) => v.id)).toEqual(['b', 'a', 'c']);
    const refunds = [
      { id: 'x', createdAt: new Date('2026-01-02T00:00:00Z') },
      { id: 'y', createdAt: new Date('2026-01-01T00:00:00+05:00') },
    ];
    expect(sortChildren(refunds, 'createdAt').map((r) => r.id)).toEqual(['y', 'x']);
  });
});
