import type {
  ErpCustomer,
  ErpInventoryLevel,
  ErpItem,
  ErpLocation,
  ErpSalesOrder,
  ErpShipment,
} from '../../../schema/events';
import { salesOrderAggregate } from '../../../store/aggregates';
import { locationId, normaliseSku, variantId } from '../../../store/ids';
import { removeAggregate, writeAggregate } from './aggregate';
import { childId, date, defineMapper, singleRow, sourceColumns, type Mapper } from './mapper';
import { personMapper } from './person';

const customer = personMapper<ErpCustomer>(
  (c) => ({
    email: c.email,
    phone: c.phoneNumber,
    // Business Central has one display name; it stands in for the last name of a person.
    lastName: c.displayName,
    shopifyCustomerRef: c.shopifyCustomerId,
  }),
  {
    entity: 'ErpCustomer',
    canonical: 'erp-customer',
    toRow: (c) => ({ number: c.number, balanceDue: c.balanceDue, currency: c.currencyCode }),
  },
);

const item = singleRow<ErpItem>('ErpItem', 'erp-item', (_e, i) => ({
  number: normaliseSku(i.number),
  variantId: variantId(i.number),
  displayName: i.displayName,
  unitPrice: i.unitPrice,
  unitCost: i.unitCost,
  inventory: i.inventory,
}));

const location = singleRow<ErpLocation>('Location', 'location', (_e, l) => ({
  source: 'erp',
  locationId: locationId(l.displayName),
  name: l.displayName,
  code: l.code,
}));

const inventoryLevel = singleRow<ErpInventoryLevel>(
  'InventoryLevel',
  'inventory-level',
  (_e, l) => ({
    source: 'erp',
    variantId: variantId(l.itemNumber),
    sku: normaliseSku(l.itemNumber),
    locationSourceId: l.locationCode,
    // Set, though always null: a batch's upsert takes its columns from its first row, and
    // Shopify's rows of the same table carry their product.
    productSourceId: null,
    onHand: l.onHand,
    available: l.available,
    committed: l.committed,
    incoming: l.incoming,
  }),
);

const salesOrder = defineMapper<ErpSalesOrder>({
  upsert(event, o, changes) {
    const row = {
      ...sourceColumns(event),
      number: o.number,
      orderName: o.externalDocumentNumber,
      customerNumber: o.customerNumber,
      status: o.status,
      orderDate: date(o.orderDate),
      total: o.totalAmountIncludingTax,
      currency: o.currencyCode,
    };
    const lines = o.lines.map((line, position) => ({
      id: childId(event, 'line', String(position)),
      salesOrderId: row.id,
      position,
      sku: normaliseSku(line.sku),
      quantity: line.quantity,
      shippedQuantity: line.shippedQuantity,
      unitPrice: line.unitPrice,
      locationCode: line.locationCode ?? null,
    }));
    const data = writeAggregate(changes, salesOrderAggregate, row, { lines });
    changes.publish({
      entity: 'sales-order',
      id: row.id,
      op: 'upsert',
      version: event.version,
      data,
    });
  },
  remove(event, changes) {
    const { id } = sourceColumns(event);
    removeAggregate(changes, salesOrderAggregate, id);
    changes.publish({
      entity: 'sales-order',
      id,
      op: 'delete',
      version: event.version,
      data: null,
    });
  },
});

const shipment = singleRow<ErpShipment>('Shipment', 'shipment', (_e, s) => ({
  number: s.number,
  salesOrderNumber: s.orderNumber,
  postedAt: date(s.postingDate),
  trackingNumber: s.trackingNumber ?? null,
  trackingCompany: s.trackingCompany ?? null,
  trackingUrl: s.trackingUrl ?? null,
}));

export const erpMappers: Record<string, Mapper> = {
  customer,
  item,
  location,
  'inventory-level': inventoryLevel,
  'sales-order': salesOrder,
  shipment,
};
