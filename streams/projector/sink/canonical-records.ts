import { groupBy } from '../../../lib/group-by';
import type { CanonicalEntity } from '../../../schema/events';
import {
  childTables,
  orderAggregate,
  productAggregate,
  salesOrderAggregate,
  sortChildren,
  type AnyAggregate,
  type ChildTable,
} from '../../../store/aggregates';
import type { CustomerIdentity } from '../../../store/customer/customer-identity.entity';
import { selectWhereAny, type Bulk } from './bulk';

/** The store entity a canonical record is read from, and the child tables it carries. */
interface Shape {
  entity: string;
  children: ChildTable[];
}

const row = (entity: string): Shape => ({ entity, children: [] });
const whole = (of: AnyAggregate): Shape => ({
  entity: of.schema.meta.className,
  children: childTables(of),
});

/** As the mappers publish them: see streams/projector/mappers and sink/identities.ts. */
const SHAPES: Record<CanonicalEntity, Shape> = {
  customer: row('Customer'),
  order: whole(orderAggregate),
  product: whole(productAggregate),
  variant: row('Variant'),
  location: row('Location'),
  'inventory-level': row('InventoryLevel'),
  'crm-profile': row('CrmProfile'),
  'erp-customer': row('ErpCustomer'),
  'accounting-customer': row('AccountingCustomer'),
  deal: row('CrmDeal'),
  company: row('CrmCompany'),
  'sales-order': whole(salesOrderAggregate),
  shipment: row('Shipment'),
  'erp-item': row('ErpItem'),
  invoice: row('Invoice'),
  payment: row('Payment'),
  'credit-memo': row('CreditMemo'),
  fee: row('Fee'),
};

type StoredRow = Record<string, unknown> & { id: string };

/**
 * Reads canonical records as they stand in the store, in the shape the projector publishes them:
 * the outbox keeps only which records a transaction changed, and a batch no live relay holds is
 * rebuilt from here. Returns the records found, by id; a record deleted since is absent.
 */
export async function readCanonical(
  bulk: Bulk,
  entity: CanonicalEntity,
  ids: string[],
): Promise<Map<string, StoredRow>> {
  const shape = SHAPES[entity];
  const parents = await selectWhereAny<StoredRow>(bulk, shape.entity, [
    { property: 'id', values: ids },
  ]);
  const found = new Map(parents.map((p) => [p.id, p]));
  for (const child of shape.children) {
    const rows = await selectWhereAny<StoredRow>(bulk, child.entity, [
      { property: child.parentProperty, values: [...found.keys()] },
    ]);
    sortChildren(rows, child.orderBy);
    const byParent = groupBy(rows, (row) => String(row[child.parentProperty]));
    for (const [id, record] of found) record[child.key] = byParent.get(id) ?? [];
  }
  if (entity === 'customer') {
    const identities = await selectWhereAny<CustomerIdentity>(bulk, 'CustomerIdentity', [
      { property: 'customerId', values: [...found.keys()] },
    ]);
    sortChildren(identities, 'id');
    const byCustomer = groupBy(identities, (identity) => identity.customerId);
    for (const [id, record] of found) {
      record.identities = (byCustomer.get(id) ?? []).map(({ source, sourceId }) => ({
        source,
        sourceId,
      }));
    }
  }
  return found;
}
