import {
  canonicalTopic,
  profileTopic,
  type CanonicalEntity,
  type PrivacyRequest,
} from '../../schema/events';
import { recordId } from '../../store/ids';
import { ORDER_PERSONAL_FIELDS } from '../../store/privacy/personal-fields';
import type { Redaction } from '../../store/privacy/redaction.entity';
import { encodeCanonical } from '../codec';
import { readCanonical } from '../projector/sink/canonical-records';
import { bulkDelete, bulkUpsert, idList, run, type Bulk } from '../projector/sink/bulk';
import { tombstone, type OutboxItem } from './outbox-row';
import { identitiesOf, type Person } from './person';

/**
 * Erases a person from the store, inside the caller's transaction (which holds the redaction lock
 * exclusively, see lockRedactions): their golden records, their identities in all four systems
 * and the CRM, ERP and accounting customers those are, deleted; their orders kept for the books
 * with the personal fields blank; and every erased record put on the redaction list, so a later
 * source event cannot bring it back. Returns what to publish: a tombstone for each erased key on
 * the compacted canonical topics, and each blanked order as it now stands.
 */

/** Canonical topics whose keys are a person's records, each with the identities it is keyed by. */
const TOMBSTONED: Array<{ entity: CanonicalEntity; keys: (person: Person) => string[] }> = [
  { entity: 'customer', keys: (p) => p.customers.map((c) => c.id) },
  { entity: 'crm-profile', keys: (p) => identitiesOf(p, 'crm').map((i) => i.id) },
  { entity: 'erp-customer', keys: (p) => identitiesOf(p, 'erp').map((i) => i.id) },
  { entity: 'accounting-customer', keys: (p) => identitiesOf(p, 'accounting').map((i) => i.id) },
];

/** The store tables holding a person's facet rows, keyed by the identity's id. */
const FACETS: Array<{ entity: string; source: string }> = [
  { entity: 'CrmProfile', source: 'crm' },
  { entity: 'ErpCustomer', source: 'erp' },
  { entity: 'AccountingCustomer', source: 'accounting' },
];

export interface Erased {
  customers: number;
  identities: number;
  orders: number;
  items: OutboxItem[];
}

export async function erasePerson(
  bulk: Bulk,
  person: Person,
  options: {
    request: Pick<PrivacyRequest, 'id'>;
    namespace: string;
    now: Date;
    /** Shopify customer ids to list even when the store never held them. */
    shopifyCustomerIds?: readonly string[];
    /** Shopify order ids to list (blank) even when the store does not hold them yet. */
    shopifyOrderIds?: readonly string[];
  },
): Promise<Erased> {
  const { namespace, now } = options;
  const customerIds = person.customers.map((c) => c.id);
  for (const { entity, source } of FACETS) {
    await bulkDelete(
      bulk,
      entity,
      'id',
      identitiesOf(person, source).map((i) => i.id),
    );
  }
  await bulkDelete(
    bulk,
    'CustomerIdentity',
    'id',
    person.identities.map((i) => i.id),
  );
  await bulkDelete(bulk, 'Customer', 'id', customerIds);
  await bulkDelete(bulk, 'CanonicalVersion', 'id', customerIds);
  await bulkDelete(bulk, 'CustomerProfile', 'id', customerIds);
  await blankOrders(bulk, person.orderIds, now);
  await listRedactions(bulk, person, options);

  const items: OutboxItem[] = [];
  for (const { entity, keys } of TOMBSTONED) {
    for (const key of keys(person)) items.push(tombstone(canonicalTopic(entity, namespace), key));
  }
  // The marketing profile is keyed by the canonical customer id, like the customer itself.
  for (const id of customerIds) items.push(tombstone(profileTopic(namespace), id));
  const orders = await readCanonical(bulk, 'order', person.orderIds);
  for (const [id, data] of orders) {
    const ref = {
      entity: 'order' as const,
      id,
      op: 'upsert' as const,
      version: Number(data.version),
    };
    const { key, value } = encodeCanonical({ ...ref, data, changedAt: now.toISOString() });
    items.push({ ref, message: { topic: canonicalTopic('order', namespace), key, value } });
  }
  return {
    customers: customerIds.length,
    identities: person.identities.length,
    orders: orders.size,
    items,
  };
}

const column = (bulk: Bulk, entity: string, property: string): string => {
  const meta = bulk.em.getMetadata().get(entity);
  const prop = meta.properties[property as keyof typeof meta.properties];
  return `"${prop?.fieldNames[0] ?? property}"`;
};

/**
 * Blanks the orders' personal fields, and raises their version past the change (at least to
 * now, in epoch milliseconds, as the sources' versions are) so the blank record is the newest.
 */
async function blankOrders(bulk: Bulk, orderIds: string[], now: Date): Promise<void> {
  if (orderIds.length === 0) return;
  const ids = JSON.stringify(orderIds);
  const at = bulk.dialect === 'postgresql' ? now.toISOString() : now.getTime();
  const greatest =
    bulk.dialect === 'postgresql' ? 'greatest(version + 1, ?::bigint)' : 'max(version + 1, ?)';
  const blanks = (entity: keyof typeof ORDER_PERSONAL_FIELDS) =>
    ORDER_PERSONAL_FIELDS[entity].map((p) => `${column(bulk, entity, p)} = null`).join(', ');
  await run(
    bulk,
    `update "orders" set ${blanks('Order')}, version = ${greatest}, updated_at = ?
      where id in (${idList(bulk.dialect, 'uuid')})`,
    [now.getTime(), at, ids],
  );
  await run(
    bulk,
    `update "order_refund" set ${blanks('OrderRefund')}
      where ${column(bulk, 'OrderRefund', 'orderId')} in (${idList(bulk.dialect, 'uuid')})`,
    [ids],
  );
}

async function listRedactions(
  bulk: Bulk,
  person: Person,
  options: {
    request: Pick<PrivacyRequest, 'id'>;
    now: Date;
    shopifyCustomerIds?: readonly string[];
    shopifyOrderIds?: readonly string[];
  },
): Promise<void> {
  const row = (
    source: string,
    entity: string,
    sourceId: string,
    treatment: Redaction['treatment'],
  ): Redaction => ({
    id: recordId(source, entity, sourceId),
    source,
    entity,
    sourceId,
    treatment,
    requestId: options.request.id,
    redactedAt: options.now,
  });
  const rows = [
    ...person.identities.map((i) => row(i.source, i.entity, i.sourceId, 'drop')),
    ...(options.shopifyCustomerIds ?? []).map((id) => row('shopify', 'customer', id, 'drop')),
  ];
  const orderRows = await readOrderSourceIds(bulk, person.orderIds);
  for (const sourceId of [...orderRows, ...(options.shopifyOrderIds ?? [])])
    rows.push(row('shopify', 'order', sourceId, 'blank'));
  // Once per record: a second request for the same record keeps the first entry.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  await bulkUpsert(
    bulk,
    'Redaction',
    unique.map((r) => ({ ...r })),
    { conflict: ['id'], updateWhere: 'false' },
  );
}

async function readOrderSourceIds(bulk: Bulk, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await run(
    bulk,
    `select source_id from "orders" where id in (${idList(bulk.dialect, 'uuid')})`,
    [JSON.stringify(orderIds)],
  );
  return rows.map((r) => String(r.source_id));
}
