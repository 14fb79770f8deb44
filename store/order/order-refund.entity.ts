import { EntitySchema } from '@mikro-orm/core';
import { money, textOrNull, timestamp, uuid } from '../common/columns';

export interface OrderRefund {
  id: string;
  orderId: string;
  createdAt: Date;
  amount: string;
  note: string | null;
}

export const OrderRefund = new EntitySchema<OrderRefund>({
  name: 'OrderRefund',
  tableName: 'order_refund',
  properties: {
    id: { ...uuid(), primary: true },
    orderId: uuid(),
    createdAt: timestamp(),
    amount: money(),
    note: textOrNull(),
  },
  indexes: [{ properties: ['orderId'] }],
});
