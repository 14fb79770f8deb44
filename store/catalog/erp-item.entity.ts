import { EntitySchema } from '@mikro-orm/core';
import { integer, money, sourceProperties, text, uuid, type SourceRecord } from '../common/columns';

/** An ERP item; its number is the SKU, so `variantId` = variantId(number). */
export interface ErpItem extends SourceRecord {
  number: string;
  variantId: string;
  displayName: string;
  unitPrice: string;
  unitCost: string;
  inventory: number;
}

export const ErpItem = new EntitySchema<ErpItem>({
  name: 'ErpItem',
  tableName: 'erp_item',
  properties: {
    ...sourceProperties<ErpItem>(),
    number: text(),
    variantId: uuid(),
    displayName: text(),
    unitPrice: money(),
    unitCost: money(),
    inventory: integer(),
  },
  indexes: [{ properties: ['variantId'] }],
  uniques: [{ properties: ['sourceId'] }],
});
