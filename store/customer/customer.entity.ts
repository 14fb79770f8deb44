import { EntitySchema } from '@mikro-orm/core';
import { textOrNull, timestamp, uuid } from '../common/columns';

/**
 * The golden record: one per person, its fields picked by source precedence
 * (shopify > crm > erp > accounting). Its id is the smallest identity id of its cluster.
 */
export interface Customer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  updatedAt: Date;
}

export const Customer = new EntitySchema<Customer>({
  name: 'Customer',
  tableName: 'customer',
  properties: {
    id: { ...uuid(), primary: true },
    email: textOrNull(),
    firstName: textOrNull(),
    lastName: textOrNull(),
    phone: textOrNull(),
    updatedAt: timestamp(),
  },
});
