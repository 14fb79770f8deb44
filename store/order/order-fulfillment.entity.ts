import { EntitySchema } from '@mikro-orm/core';
import { text, textOrNull, timestamp, uuid } from '../common/columns';

export interface OrderFulfillment {
  id: string;
  orderId: string;
  status: string;
  trackingNumber: string | null;
  trackingCompany: string | null;
  createdAt: Date;
}

export const OrderFulfillment = new EntitySchema<OrderFulfillment>({
  name: 'OrderFulfillment',
  tableName: 'order_fulfillment',
  properties: {
    id: { ...uuid(), primary: true },
    orderId: uuid(),
    status: text(),
    trackingNumber: textOrNull(),
    trackingCompany: textOrNull(),
    createdAt: timestamp(),
  },
  indexes: [{ properties: ['orderId'] }],
});
