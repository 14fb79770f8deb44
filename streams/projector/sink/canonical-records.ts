import { groupBy } from '../../../lib/group-by';
import type { CanonicalEntity } from '../../../schema/events';
import type { CustomerIdentity } from '../../../store/customer/customer-identity.entity';
import { selectWhereAny, type Bulk } from './bulk';

/** The store entity a canonical record is read from, and the child rows it carries. */
interface Shape {
  entity: string;
  /**
   * Child rows, in the order the source lists them: by position where the store keeps one, else
   * by creation, or by source id (Shopify's ids rise as variants are added).
   */
  children?: Array<{ key: string; entity: string; parentProperty: string; orderBy: string }>;
}

const row = (entity: string): Shape => ({ entity });

/** As the mappers publish them: see streams/projector/mappers and sink/identities.ts. */
const SHAPES: Record<CanonicalEntity, Shape> = {
  customer: row('Customer'),
  order: {
    entity: 'Order',
    children: [
      { key: 'lineItems', entity: 'OrderLine', parentProperty: 'orderId', orderBy: 'position' },
      { key: 'refunds', entity: 'OrderRefund', parentProperty: 'orderId', orderBy: 'createdAt' },
      {
        key: 'transactions',
        entity: 'OrderTransaction',
        parentProperty: 'orderId',
        orderBy: 'createdAt',
      },
      {
        key: 'fulfillments',
        entity: 'OrderFulfillment',
        parentProperty: 'orderId',
        orderBy: 'createdAt',
      },
    ],
  },
  product: {
    entity: 'Product',
    children: [
      { key: 'variants', entity: 'Variant', parentProperty: 'productId', orderBy: 'sourceId' },
    ],
  },
  variant: row('Variant'),
  location: row('Location'),
  'inventory-level': row('InventoryLevel'),
  'crm-profile': row('CrmProfile'),
  'erp-customer': row('ErpCustomer'),
  'accounting-customer': row('AccountingCustomer'),
  deal: row('CrmDeal'),
  company: row('CrmCompany'),
  'sales-order': {
    entity: 'SalesOrder',
    children: [
      {
        key: 'lines',
        entity: 'SalesOrderLine',
        parentProperty: 'salesOrderId',
        orderBy: 'position',
      },
    ],
  },
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
  for (const child of shape.children ?? []) {
    const rows = await selectWhereAny<StoredRow>(bulk, child.entity, [
      { property: child.parentProperty, values: [...found.keys()] },
    ]);
    rows.sort((a, b) => compare(a[child.orderBy], b[child.orderBy]) || compare(a.id, b.id));
    const byParent = groupBy(rows, (row) => String(row[child.parentProperty]));
    for (const [id, record] of found) record[child.key] = byParent.get(id) ?? [];
  }
  if (entity === 'customer') {
    const identities = await selectWhereAny<CustomerIdentity>(bulk, 'CustomerIdentity', [
      { property: 'customerId', values: [...found.keys()] },
    ]);
    identities.sort((a, b) => compare(a.id, b.id));
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

/** Numbers, dates and numeric ids by value, anything else as text. */
function compare(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (
    typeof x === 'string' &&
    typeof y === 'string' &&
    x.length !== y.length &&
    /^\d+$/.test(x + y)
  )
    return x.length - y.length;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const [s, t] = [String(x), String(y)];
  return s < t ? -1 : s > t ? 1 : 0;
}
