import { EntitySchema } from '@mikro-orm/core';
import { integer, money, text, textOrNull, uuid } from '../common/columns';

/** Replaced whole whenever its order's version wins. */
export interface OrderLine {
  /** recordId('shopify', 'line-item', lineItemId) */
  id: string;
  orderId: string;
  position: number;
  sku: string | null;
  /** variantId(sku) when the line has a SKU, whether or not that variant is known yet. */
  variantId: string | null;
  title: string;
  quantity: number;
  unitPrice: string;
}

export const OrderLine = new EntitySchema<OrderLine>({
  name: 'OrderLine',
  tableName: 'order_line',
  properties: {
    id: { ...uuid(), primary: true },
    orderId: uuid(),
    position: integer(),
    sku: textOrNull(),
    variantId: { ...uuid(), nullable: true },
    title: text(),
    quantity: integer(),
    unitPrice: money(),
  },
  indexes: [{ properties: ['orderId'] }, { properties: ['variantId'] }],
});
