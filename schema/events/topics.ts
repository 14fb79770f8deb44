import { Type, type Static, type TObject } from '@sinclair/typebox';
import {
  AccountingCreditMemo,
  AccountingCustomer,
  AccountingInvoice,
  AccountingJournalEntry,
  AccountingPayment,
} from './accounting';
import { DateTime, StringEnum, schemaId } from './common';
import { CrmCompany, CrmContact, CrmDeal } from './crm';
import type { Source } from './envelope';
import { OPS } from './envelope';
import {
  ErpCustomer,
  ErpInventoryLevel,
  ErpItem,
  ErpLocation,
  ErpSalesOrder,
  ErpShipment,
} from './erp';
import * as examples from './examples';
import {
  AuditEntry,
  DataRequestDone,
  PrivacyRequest,
  auditExample,
  dataRequestExample,
  privacyRequestExample,
} from './privacy';
import {
  ShopifyCustomer,
  ShopifyInventoryLevel,
  ShopifyLocation,
  ShopifyOrder,
  ShopifyProduct,
} from './shopify';

/**
 * Topics are `<namespace>.<source>.<entity>.v1`. The namespace is `plexus` unless configured
 * (TOPIC_NAMESPACE), so that several environments, or several test runs, can share one cluster.
 */
export const DEFAULT_NAMESPACE = 'plexus';

export const sourceTopic = (
  source: Source,
  entity: string,
  namespace = DEFAULT_NAMESPACE,
): string => `${namespace}.${source}.${entity}.v1`;

export const canonicalTopic = (entity: CanonicalEntity, namespace = DEFAULT_NAMESPACE): string =>
  `${namespace}.canonical.${entity}.v1`;

/** The marketing profiles: one message per person per change, keyed by canonical customer id. */
export const profileTopic = (namespace = DEFAULT_NAMESPACE): string =>
  `${namespace}.profile.customer.v1`;

export const PROFILE_TOPIC = {
  topic: profileTopic(),
  description:
    'Marketing profiles, one per canonical customer: lifetime value, orders, balances, lifecycle, ' +
    'consent. A tombstone (null value) when the customer is gone, e.g. absorbed by a merge.',
  key: 'the canonical customer id',
} as const;

/**
 * Partitions of a topic Plexus creates. Canonical topics are also compacted, so a new consumer
 * rebuilds the current state from offset 0; source topics keep the broker's retention.
 */
export const TOPIC_DEFAULTS = { partitions: 3 } as const;

/** Dead letters keep the key and value of the message a consumer could not decode or apply. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** The payload schema of every source topic; the types below are read off it. */
export const PAYLOAD_SCHEMAS = {
  shopify: {
    customer: ShopifyCustomer,
    order: ShopifyOrder,
    product: ShopifyProduct,
    'inventory-level': ShopifyInventoryLevel,
    location: ShopifyLocation,
  },
  erp: {
    customer: ErpCustomer,
    item: ErpItem,
    location: ErpLocation,
    'inventory-level': ErpInventoryLevel,
    'sales-order': ErpSalesOrder,
    shipment: ErpShipment,
  },
  crm: { contact: CrmContact, company: CrmCompany, deal: CrmDeal },
  accounting: {
    customer: AccountingCustomer,
    invoice: AccountingInvoice,
    payment: AccountingPayment,
    'credit-memo': AccountingCreditMemo,
    'journal-entry': AccountingJournalEntry,
  },
} as const satisfies Record<Source, Record<string, TObject>>;

type Schemas = typeof PAYLOAD_SCHEMAS;
export type SourceEntity<S extends Source> = keyof Schemas[S] & string;
/** `SourcePayloads['shopify']['order']` is the payload type of `plexus.shopify.order.v1`. */
export type SourcePayloads = {
  [S in Source]: {
    [E in SourceEntity<S>]: Schemas[S][E] extends TObject ? Static<Schemas[S][E]> : never;
  };
};

// The same table, widened so it can be indexed with a runtime string.
const SCHEMA_TABLE: Record<Source, Record<string, TObject>> = PAYLOAD_SCHEMAS;

export interface SourceTopic {
  source: Source;
  entity: string;
  topic: string;
  schema: TObject;
  description: string;
  example: Record<string, unknown>;
}

function topic<S extends Source, E extends SourceEntity<S>>(
  source: S,
  entity: E,
  description: string,
  example: SourcePayloads[S][E] & Record<string, unknown>,
): SourceTopic {
  const schema = SCHEMA_TABLE[source][entity];
  if (!schema) throw new Error(`no payload schema for ${source}.${entity}`);
  return { source, entity, topic: sourceTopic(source, entity), schema, description, example };
}

/** Every source topic, in the order the docs list them. */
export const SOURCE_TOPICS: readonly SourceTopic[] = [
  topic('shopify', 'customer', 'Shopify customers.', examples.shopifyCustomer),
  topic(
    'shopify',
    'order',
    'Shopify orders, with lines, refunds, transactions and fulfillments.',
    examples.shopifyOrder,
  ),
  topic('shopify', 'product', 'Shopify products with their variants.', examples.shopifyProduct),
  topic(
    'shopify',
    'inventory-level',
    'Stock of an inventory item at a Shopify location.',
    examples.shopifyInventoryLevel,
  ),
  topic('shopify', 'location', 'Shopify locations.', examples.shopifyLocation),
  topic('erp', 'customer', 'ERP customer accounts and their balance due.', examples.erpCustomer),
  topic('erp', 'item', 'ERP items (one per SKU), with price and cost.', examples.erpItem),
  topic('erp', 'location', 'ERP warehouses.', examples.erpLocation),
  topic(
    'erp',
    'inventory-level',
    'Stock of an item at an ERP warehouse.',
    examples.erpInventoryLevel,
  ),
  topic('erp', 'sales-order', 'ERP sales orders made from Shopify orders.', examples.erpSalesOrder),
  topic('erp', 'shipment', 'Posted ERP shipments of sales orders.', examples.erpShipment),
  topic('crm', 'contact', 'CRM contacts: lifecycle, owner, consent.', examples.crmContact),
  topic('crm', 'company', 'CRM companies.', examples.crmCompany),
  topic('crm', 'deal', 'CRM deals and their associated contacts.', examples.crmDeal),
  topic(
    'accounting',
    'customer',
    'Customers in the books and their open balance.',
    examples.accountingCustomer,
  ),
  topic(
    'accounting',
    'invoice',
    'Invoices, usually one per Shopify order.',
    examples.accountingInvoice,
  ),
  topic(
    'accounting',
    'payment',
    'Customer payments applied to invoices.',
    examples.accountingPayment,
  ),
  topic(
    'accounting',
    'credit-memo',
    'Credits given to customers, e.g. for refunds.',
    examples.accountingCreditMemo,
  ),
  topic(
    'accounting',
    'journal-entry',
    'Journal entries; fee lines become canonical fees.',
    examples.accountingJournalEntry,
  ),
];

const byName = new Map(SOURCE_TOPICS.map((t) => [t.topic, t]));

const TOPIC_NAME = /^(.+)\.(shopify|erp|crm|accounting)\.([a-z0-9-]+)\.v1$/;

/** The source topic a topic name refers to, in any namespace. */
export function findSourceTopic(topicName: string): SourceTopic | undefined {
  const [, , source, entity] = TOPIC_NAME.exec(topicName) ?? [];
  return source && entity ? byName.get(`${DEFAULT_NAMESPACE}.${source}.${entity}.v1`) : undefined;
}

export const CANONICAL_ENTITY_NAMES = [
  'customer',
  'order',
  'product',
  'variant',
  'location',
  'inventory-level',
  'crm-profile',
  'erp-customer',
  'accounting-customer',
  'deal',
  'company',
  'sales-order',
  'shipment',
  'erp-item',
  'invoice',
  'payment',
  'credit-memo',
  'fee',
] as const;
export type CanonicalEntity = (typeof CANONICAL_ENTITY_NAMES)[number];

export interface CanonicalTopic {
  entity: CanonicalEntity;
  topic: string;
  description: string;
  /** What the message key (the canonical id) is derived from; see store/ids.ts. */
  key: string;
}

const record = (source: Source, entity: string) => `recordId('${source}', '${entity}', sourceId)`;

const CANONICAL: Record<CanonicalEntity, Omit<CanonicalTopic, 'entity' | 'topic'>> = {
  customer: {
    description: 'Golden customer records, one per person across all sources.',
    key: 'smallest recordId of the identities in the customer cluster',
  },
  order: { description: 'Orders, from Shopify.', key: record('shopify', 'order') },
  product: { description: 'Products, from Shopify.', key: record('shopify', 'product') },
  variant: { description: 'Product variants, one per SKU.', key: 'variantId(sku)' },
  location: {
    description:
      'Locations per source; `data.locationId` (from the name) joins Shopify and the ERP.',
    key: "recordId(source, 'location', sourceId)",
  },
  'inventory-level': {
    description: 'Stock of a variant at a location, per source.',
    key: "recordId(source, 'inventory-level', sourceId)",
  },
  'crm-profile': {
    description: 'CRM facts about a customer: lifecycle, owner, consent.',
    key: record('crm', 'contact'),
  },
  'erp-customer': {
    description: 'ERP facts about a customer: number and balance due.',
    key: record('erp', 'customer'),
  },
  'accounting-customer': {
    description: 'Accounting facts about a customer: open balance.',
    key: record('accounting', 'customer'),
  },
  deal: { description: 'CRM deals.', key: record('crm', 'deal') },
  company: { description: 'CRM companies.', key: record('crm', 'company') },
  'sales-order': { description: 'ERP sales orders.', key: record('erp', 'sales-order') },
  shipment: { description: 'ERP shipments.', key: record('erp', 'shipment') },
  'erp-item': { description: 'ERP items with price, cost and stock.', key: record('erp', 'item') },
  invoice: { description: 'Invoices from the books.', key: record('accounting', 'invoice') },
  payment: { description: 'Payments from the books.', key: record('accounting', 'payment') },
  'credit-memo': {
    description: 'Credit memos from the books.',
    key: record('accounting', 'credit-memo'),
  },
  fee: {
    description: 'Fees: Debit lines on fee accounts of a journal entry, summed.',
    key: record('accounting', 'journal-entry'),
  },
};

/** The canonical topics the projector publishes (through the outbox). */
export const CANONICAL_ENTITIES: readonly CanonicalTopic[] = CANONICAL_ENTITY_NAMES.map(
  (entity) => ({ entity, topic: canonicalTopic(entity), ...CANONICAL[entity] }),
);

/** The value of every canonical message. Ours end to end, so strict. */
export const CanonicalChange = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Canonical id; also the message key.' }),
    entity: StringEnum(CANONICAL_ENTITY_NAMES),
    op: StringEnum(OPS, { description: '`delete` carries `data: null`.' }),
    version: Type.Integer({
      minimum: 0,
      description: 'Version of the change that won; consumers keep the highest per id.',
    }),
    changedAt: DateTime({ description: 'When the canonical record changed.' }),
    data: Type.Unsafe<Record<string, unknown> | null>({
      type: ['object', 'null'],
      description: 'The canonical record after the change; `null` for deletes.',
    }),
  },
  {
    $id: schemaId('canonical-change.v1'),
    title: 'CanonicalChange',
    description: 'A change of one canonical record, as carried on `plexus.canonical.<entity>.v1`.',
    additionalProperties: false,
  },
);
export type CanonicalChange = Static<typeof CanonicalChange>;

/** A canonical delete, for the docs: the shape of `data` on upserts belongs to the store. */
export const canonicalChangeExample: CanonicalChange = {
  id: '3f0e8a52-6c1d-5b7e-9a4f-2d8c1b0e7a63',
  entity: 'order',
  op: 'delete',
  version: 1715508227000,
  changedAt: '2024-05-12T10:03:47.000Z',
  data: null,
};

export interface ServiceTopic {
  /** The name after the namespace, e.g. `audit.v1`. */
  name: string;
  topic: string;
  schema: TObject;
  description: string;
  key: string;
  compacted: boolean;
  example: Record<string, unknown>;
}

export const serviceTopic = (name: string, namespace = DEFAULT_NAMESPACE): string =>
  `${namespace}.${name}`;

export const privacyRequestTopic = (namespace = DEFAULT_NAMESPACE): string =>
  serviceTopic('privacy.request.v1', namespace);
export const dataRequestTopic = (namespace = DEFAULT_NAMESPACE): string =>
  serviceTopic('privacy.data-request.v1', namespace);
export const auditTopic = (namespace = DEFAULT_NAMESPACE): string =>
  serviceTopic('audit.v1', namespace);

const service = (
  name: string,
  schema: TObject,
  description: string,
  key: string,
  compacted: boolean,
  example: Record<string, unknown>,
): ServiceTopic => ({
  name,
  topic: serviceTopic(name),
  schema,
  description,
  key,
  compacted,
  example,
});

/** Plexus's own topics, in the order the docs list them. */
export const SERVICE_TOPICS: readonly ServiceTopic[] = [
  service(
    'privacy.request.v1',
    PrivacyRequest,
    'Privacy requests (Shopify compliance webhooks), from the ingress to the privacy worker.',
    'request id',
    true,
    privacyRequestExample,
  ),
  service(
    'privacy.data-request.v1',
    DataRequestDone,
    'Data requests honoured: the export file and what it holds, per system.',
    'request id',
    false,
    dataRequestExample,
  ),
  service(
    'audit.v1',
    AuditEntry,
    'The audit trail: API keys created and revoked, redactions and data requests.',
    'subject id',
    false,
    auditExample,
  ),
];
