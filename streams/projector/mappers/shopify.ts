import type {
  ShopifyCustomer,
  ShopifyInventoryLevel,
  ShopifyLocation,
  ShopifyOrder,
  ShopifyProduct,
} from '../../../schema/events';
import { orderAggregate, productAggregate } from '../../../store/aggregates';
import { locationId, normaliseSku, variantId } from '../../../store/ids';
import { removeAggregate, writeAggregate } from './aggregate';
import {
  childId,
  date,
  dateOrNull,
  defineMapper,
  orNull,
  singleRow,
  sourceColumns,
  type Mapper,
} from './mapper';
import { personMapper } from './person';

const customer = personMapper<ShopifyCustomer>((c) => ({
  email: c.email,
  phone: c.phone,
  firstName: c.firstName,
  lastName: c.lastName,
  addresses: c.addresses,
}));

const order = defineMapper<ShopifyOrder>({
  upsert(event, o, changes) {
    const row = {
      ...sourceColumns(event),
      name: o.name,
      email: orNull(o.email),
      customerSourceId: orNull(o.customerId),
      currency: o.currency,
      totalPrice: o.totalPrice,
      subtotalPrice: o.subtotalPrice,
      totalTax: o.totalTax,
      financialStatus: o.financialStatus,
      fulfillmentStatus: orNull(o.fulfillmentStatus),
      createdAt: date(o.createdAt),
      cancelledAt: dateOrNull(o.cancelledAt),
    };
    const orderId = row.id;
    const lines = o.lineItems.map((line, position) => ({
      id: childId(event, 'line', line.id),
      orderId,
      position,
      sku: line.sku ? normaliseSku(line.sku) : null,
      variantId: line.sku?.trim() ? variantId(line.sku) : null,
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    }));
    const refunds = o.refunds.map((r) => ({
      id: childId(event, 'refund', r.id),
      orderId,
      createdAt: date(r.createdAt),
      amount: r.amount,
      note: orNull(r.note),
    }));
    const transactions = o.transactions.map((t) => ({
      id: childId(event, 'transaction', t.id),
      orderId,
      kind: t.kind,
      status: t.status,
      amount: t.amount,
      gateway: t.gateway,
      createdAt: date(t.createdAt),
    }));
    const fulfillments = o.fulfillments.map((f) => ({
      id: childId(event, 'fulfillment', f.id),
      orderId,
      status: f.status,
      trackingNumber: orNull(f.trackingNumber),
      trackingCompany: orNull(f.trackingCompany),
      createdAt: date(f.createdAt),
    }));
    const data = writeAggregate(changes, orderAggregate, row, {
      lineItems: lines,
      refunds,
      transactions,
      fulfillments,
    });
    changes.publish({ entity: 'order', id: orderId, op: 'upsert', version: event.version, data });
  },
  remove(event, changes) {
    const { id } = sourceColumns(event);
    removeAggregate(changes, orderAggregate, id);
    changes.publish({ entity: 'order', id, op: 'delete', version: event.version, data: null });
  },
});

const product = defineMapper<ShopifyProduct>({
  upsert(event, p, changes) {
    const row = {
      ...sourceColumns(event),
      title: p.title,
      handle: p.handle,
      status: p.status,
      vendor: orNull(p.vendor),
      productType: orNull(p.productType),
      createdAt: date(p.createdAt),
    };
    const variants = p.variants.map((v) => ({
      id: variantId(v.sku),
      sku: normaliseSku(v.sku),
      sourceId: v.id,
      productId: row.id,
      title: v.title,
      price: v.price,
      inventoryItemId: v.inventoryItemId,
      version: event.version,
    }));
    const data = writeAggregate(changes, productAggregate, row, { variants });
    changes.publish({ entity: 'product', id: row.id, op: 'upsert', version: event.version, data });
    for (const variant of variants) {
      changes.publish({
        entity: 'variant',
        id: variant.id,
        op: 'upsert',
        version: event.version,
        data: variant,
      });
    }
  },
  remove(event, changes) {
    const { id } = sourceColumns(event);
    removeAggregate(changes, productAggregate, id);
    // Shopify deletes a product's inventory items, and their levels, with it. Only Shopify's
    // levels name their product, so the ERP's levels of the same SKUs stay. The canonical product
    // delete stands for its levels, as it does for its variants: their ids are in the store only.
    changes.replaceChildren('InventoryLevel', 'productSourceId', event.sourceId, []);
    changes.publish({ entity: 'product', id, op: 'delete', version: event.version, data: null });
  },
});

const levelRow = singleRow<ShopifyInventoryLevel>('InventoryLevel', 'inventory-level', (_e, l) => ({
  source: 'shopify',
  variantId: variantId(l.sku),
  sku: normaliseSku(l.sku),
  locationSourceId: l.locationId,
  productSourceId: orNull(l.productId),
  onHand: l.quantities.onHand,
  available: l.quantities.available,
  committed: l.quantities.committed,
  incoming: l.quantities.incoming,
}));

const inventoryLevel = defineMapper<ShopifyInventoryLevel>({
  upsert(event, level, changes) {
    levelRow.upsert(event, changes);
    // A level re-read just before its product was deleted can arrive after the delete: it must
    // not bring the level back.
    if (level.productId) {
      changes.dependsOn('InventoryLevel', sourceColumns(event).id, {
        source: 'shopify',
        entity: 'product',
        sourceId: level.productId,
      });
    }
  },
  remove: levelRow.remove,
});

const location = singleRow<ShopifyLocation>('Location', 'location', (_e, l) => ({
  source: 'shopify',
  locationId: locationId(l.name),
  name: l.name,
  code: null,
}));

export const shopifyMappers: Record<string, Mapper> = {
  customer,
  order,
  product,
  'inventory-level': inventoryLevel,
  location,
};
