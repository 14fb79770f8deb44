import { EntitySchema } from '@mikro-orm/core';
import { money, text, timestamp, uuid } from '../common/columns';

export interface OrderTransaction {
  id: string;
  orderId: string;
  /** sale | capture | authorization | refund | void */
  kind: string;
  status: string;
  amount: string;
  gateway: string;
  createdAt: Date;
}

export const OrderTransaction = new EntitySchema<OrderTransaction>({
  name: 'OrderTransaction',
  tableName: 'order_transaction',
  properties: {
    id: { ...uuid(), primary: true },
    orderId: uuid(),
    kind: text(),
    status: text(),
    amount: money(),
    gateway: text(),
    createdAt: timestamp(),
  },
  indexes: [{ properties: ['orderId'] }],
});
