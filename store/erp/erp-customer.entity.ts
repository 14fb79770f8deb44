import { EntitySchema } from '@mikro-orm/core';
import { money, sourceProperties, text, type SourceRecord } from '../common/columns';

/** The ERP-only facts about a customer; its id is the ERP customer's identity id. */
export interface ErpCustomer extends SourceRecord {
  /** The customer number sales orders refer to (sales_order.customer_number). */
  number: string;
  balanceDue: string;
  currency: string;
}

export const ErpCustomer = new EntitySchema<ErpCustomer>({
  name: 'ErpCustomer',
  tableName: 'erp_customer',
  properties: {
    ...sourceProperties<ErpCustomer>(),
    number: text(),
    balanceDue: money(),
    currency: text(),
  },
  indexes: [{ properties: ['number'] }],
  uniques: [{ properties: ['sourceId'] }],
});
