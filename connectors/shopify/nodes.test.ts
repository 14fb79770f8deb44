import { describe, expect, it } from 'vitest';
import * as f from '../../test/doubles/shopify/fixtures';
import { mapOrder } from './mapping';
import { inventoryLevelReadSchema, orderReadSchema } from './nodes';

describe('re-read nodes are checked before they are mapped', () => {
  it('accepts the documents as Shopify answers them, deleted records as null', () => {
    const read = orderReadSchema.parse({ order: f.orderNode });
    expect(mapOrder(read.order!).totalPrice).toBe('126.00');
    expect(orderReadSchema.parse({ order: null })).toEqual({ order: null });
    expect(
      inventoryLevelReadSchema.parse({ inventoryItem: { inventoryLevel: f.inventoryLevelNode } }),
    ).toMatchObject({ inventoryItem: { inventoryLevel: { id: f.inventoryLevelNode.id } } });
    expect(inventoryLevelReadSchema.parse({ inventoryItem: null })).toEqual({
      inventoryItem: null,
    });
  });

  it('refuses money as a number, a missing child list and a date that is not one', () => {
    const floatMoney = {
      ...f.orderNode,
      totalPriceSet: { shopMoney: { amount: 126, currencyCode: 'USD' } },
    };
    const { transactions: _dropped, ...noTransactions } = f.orderNode;
    const badDate = { ...f.orderNode, updatedAt: 'yesterday' };
    const paths = [floatMoney, noTransactions, badDate].map((order) => {
      const result = orderReadSchema.safeParse({ order });
      return result.success ? 'accepted' : result.error.issues.map((i) => i.path.join('.'));
    });
    expect(paths).toEqual([
      ['order.totalPriceSet.shopMoney.amount'],
      ['order.transactions'],
      ['order.updatedAt'],
    ]);
  });
});
