import { EntitySchema } from '@mikro-orm/core';
import { money, sourceProperties, text, type SourceRecord } from '../common/columns';

/** The accounting-only facts about a customer; its id is the customer's identity id. */
export interface AccountingCustomer extends SourceRecord {
  displayName: string;
  balance: string;
  currency: string;
}

export const AccountingCustomer = new EntitySchema<AccountingCustomer>({
  name: 'AccountingCustomer',
  tableName: 'accounting_customer',
  properties: {
    ...sourceProperties<AccountingCustomer>(),
    displayName: text(),
    balance: money(),
    currency: text(),
  },
  uniques: [{ properties: ['sourceId'] }],
});
