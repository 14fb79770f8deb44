import { EntitySchema } from '@mikro-orm/core';
import { sourceProperties, text, textOrNull, uuid, type SourceRecord } from '../common/columns';

export interface PostalAddress {
  address1?: string | null;
  city?: string | null;
  province?: string | null;
  country?: string | null;
  zip?: string | null;
}

/**
 * One source's view of a person (a Shopify customer, a CRM contact, an ERP or accounting
 * customer). Identities sharing a key form one cluster, and `customerId` names its golden record.
 */
export interface CustomerIdentity extends SourceRecord {
  source: string;
  entity: string;
  /** Not a database foreign key: the projector re-points identities when clusters merge. */
  customerId: string;
  email: string | null;
  emailNorm: string | null;
  phone: string | null;
  phoneNorm: string | null;
  firstName: string | null;
  lastName: string | null;
  /** The Shopify customer id this identity links to explicitly (shopifyCustomerId). */
  shopifyCustomerRef: string | null;
  addresses: PostalAddress[] | null;
}

export const CustomerIdentity = new EntitySchema<CustomerIdentity>({
  name: 'CustomerIdentity',
  tableName: 'customer_identity',
  properties: {
    ...sourceProperties<CustomerIdentity>(),
    source: text(),
    entity: text(),
    customerId: uuid(),
    email: textOrNull(),
    emailNorm: textOrNull(),
    phone: textOrNull(),
    phoneNorm: textOrNull(),
    firstName: textOrNull(),
    lastName: textOrNull(),
    shopifyCustomerRef: textOrNull(),
    addresses: { type: 'json', nullable: true },
  },
  indexes: [
    { properties: ['customerId'] },
    { properties: ['emailNorm'] },
    { properties: ['phoneNorm'] },
    { properties: ['shopifyCustomerRef'] },
  ],
  uniques: [{ properties: ['source', 'sourceId'] }],
});
