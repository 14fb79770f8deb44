import { EntitySchema } from '@mikro-orm/core';
import { integer, money, text, textOrNull, uuid } from '../common/columns';

/** Replaced whole whenever its sales order's version wins. */
export interface SalesOrderLine {
  id: string;
  salesOrderId: string;
  position: number;
  sku: string;
  quantity: number;
  shippedQuantity: number;
  unitPrice: string;
  locationCode: string | null;
}

export const SalesOrderLine = new EntitySchema<SalesOrderLine>({
  name: 'SalesOrderLine',
  tableName: 'sales_order_line',
  properties: {
    id: { ...uuid(), primary: true },
    salesOrderId: uuid(),
    position: integer(),
    sku: text(),
    quantity: integer(),
    shippedQuantity: integer(),
    unitPrice: money(),
    locationCode: textOrNull(),
  },
  indexes: [{ properties: ['salesOrderId'] }],
});
