import { gid, idOf } from './ids';
import type { Fulfillment, FulfillmentOrder, InventoryLevel, Order, ShopStore } from './store';

// Fulfilment through fulfillment orders, as Shopify does it since 2023: an order's lines are
// routed to locations (one fulfillment order per location), and `fulfillmentCreate` fulfils
// quantities of their line items. Shopify refuses more than a line has left and fulfillment orders
// that are closed, cancelled or on hold, with userErrors (HTTP 200). The wording of the messages
// is Shopify's as seen in its answers; where memory is unsure the comment says so.

export interface FulfillmentCreateInput {
  notifyCustomer?: boolean | null;
  trackingInfo?: {
    company?: string | null;
    number?: string | null;
    url?: string | null;
    numbers?: string[] | null;
    urls?: string[] | null;
  } | null;
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
  }[];
}

interface UserError {
  field: string[] | null;
  message: string;
}

const fulfillable = new Set<FulfillmentOrder['status']>(['OPEN', 'IN_PROGRESS']);

/**
 * The location a line is routed to: the one holding the most of its item (ties by id), as
 * Shopify's default routing prefers a location that can ship the whole line.
 */
function routeOf(store: ShopStore, inventoryItemId: number | undefined): number | null {
  const levels: InventoryLevel[] =
    inventoryItemId === undefined ? [] : store.levelsOfItem(inventoryItemId);
  const best = [...levels].sort(
    (a, b) => b.quantities.available - a.quantities.available || a.locationId - b.locationId,
  )[0];
  return best?.locationId ?? store.locations.keys().next().value ?? null;
}

/**
 * An order's fulfillment orders, made on first sight (Shopify makes them when the order is
 * routed) and kept in line with what happened to the order outside them: a cancelled order's
 * open ones close, and an order fulfilled by other means (the traffic generator, the seed) has
 * nothing left on them.
 */
export function fulfillmentOrdersOf(store: ShopStore, order: Order): FulfillmentOrder[] {
  let orders = store.fulfillmentOrders.get(order.id);
  if (!orders) {
    const byLocation = new Map<number | null, FulfillmentOrder>();
    for (const line of order.lineItems) {
      const variant = line.variantId === null ? undefined : store.variants.get(line.variantId);
      const locationId = routeOf(store, variant?.inventoryItemId);
      let fo = byLocation.get(locationId);
      if (!fo) {
        fo = {
          id: store.newId(),
          orderId: order.id,
          locationId,
          status: 'OPEN',
          lineItems: [],
          createdAt: order.createdAt,
          updatedAt: order.createdAt,
        };
        byLocation.set(locationId, fo);
      }
      fo.lineItems.push({
        id: store.newId(),
        lineItemId: line.id,
        totalQuantity: line.quantity,
        remainingQuantity: line.quantity,
      });
    }
    orders = [...byLocation.values()];
    store.fulfillmentOrders.set(order.id, orders);
  }
  const done = order.fulfillmentStatus === 'FULFILLED';
  for (const fo of orders) {
    if (!fulfillable.has(fo.status)) continue;
    if (order.cancelledAt) {
      fo.status = 'CLOSED';
      fo.updatedAt = order.cancelledAt;
    } else if (done) {
      for (const l of fo.lineItems) l.remainingQuantity = 0;
      fo.status = 'CLOSED';
      fo.updatedAt = order.updatedAt;
    }
  }
  return orders;
}

function findFulfillmentOrder(
  store: ShopStore,
  id: number,
): { order: Order; fo: FulfillmentOrder } | undefined {
  for (const [orderId, list] of store.fulfillmentOrders) {
    const fo = list.find((f) => f.id === id);
    const order = store.orders.get(orderId);
    if (fo && order) return { order, fo };
  }
  // Not seen yet: its order is routed now (ids are unique across the shop, so only a real one matches).
  for (const order of store.orders.values()) {
    if (store.fulfillmentOrders.has(order.id)) continue;
    const fo = fulfillmentOrdersOf(store, order).find((f) => f.id === id);
    if (fo) return { order, fo };
  }
  return undefined;
}

/** fulfillmentCreate: all or nothing; one fulfilment for the quantities asked. */
export function createFulfillment(store: ShopStore, input: FulfillmentCreateInput) {
  const refuse = (errors: UserError[]) => ({ fulfillment: null, userErrors: errors });
  const groups = input.lineItemsByFulfillmentOrder;
  if (groups.length === 0) {
    return refuse([
      {
        field: ['fulfillment', 'lineItemsByFulfillmentOrder'],
        message: 'Line items by fulfillment order must not be empty.',
      },
    ]);
  }
  const found: { order: Order; fo: FulfillmentOrder; group: (typeof groups)[number] }[] = [];
  for (const group of groups) {
    const numeric = idOf(group.fulfillmentOrderId, 'FulfillmentOrder');
    const hit = numeric === undefined ? undefined : findFulfillmentOrder(store, numeric);
    if (!hit) {
      return refuse([{ field: ['fulfillment'], message: 'Fulfillment order does not exist.' }]);
    }
    found.push({ ...hit, group });
  }
  const order = found[0]?.order;
  if (!order || found.some((f) => f.order.id !== order.id)) {
    // From memory of Shopify's answers: one fulfilment covers one order.
    return refuse([
      { field: ['fulfillment'], message: 'All fulfillment orders must belong to the same order.' },
    ]);
  }
  if (new Set(found.map((f) => f.fo.locationId)).size > 1) {
    return refuse([
      {
        field: ['fulfillment'],
        message: 'All fulfillment orders must be assigned to the same location.',
      },
    ]);
  }
  const closed = found.find((f) => !fulfillable.has(f.fo.status));
  if (closed) {
    return refuse([
      {
        field: ['fulfillment'],
        message: `Fulfillment order ${gid('FulfillmentOrder', closed.fo.id)} has an unfulfillable status= ${closed.fo.status.toLowerCase()}.`,
      },
    ]);
  }
  const takes: { line: FulfillmentOrder['lineItems'][number]; quantity: number }[] = [];
  for (const { fo, group } of found) {
    const asked = group.fulfillmentOrderLineItems;
    if (!asked || asked.length === 0) {
      // No lines named: everything the fulfillment order has left.
      for (const line of fo.lineItems) {
        if (line.remainingQuantity > 0) takes.push({ line, quantity: line.remainingQuantity });
      }
      continue;
    }
    for (const a of asked) {
      const numeric = idOf(a.id, 'FulfillmentOrderLineItem');
      const line = fo.lineItems.find((l) => l.id === numeric);
      const already = takes.filter((t) => t.line === line).reduce((s, t) => s + t.quantity, 0);
      if (!line || a.quantity <= 0 || already + a.quantity > line.remainingQuantity) {
        return refuse([
          {
            field: ['fulfillment'],
            message: 'Invalid fulfillment order line item quantity requested.',
          },
        ]);
      }
      takes.push({ line, quantity: a.quantity });
    }
  }
  if (takes.length === 0) {
    return refuse([
      {
        field: ['fulfillment'],
        message: 'Invalid fulfillment order line item quantity requested.',
      },
    ]);
  }
  const at = store.stamp();
  for (const t of takes) t.line.remainingQuantity -= t.quantity;
  for (const { fo } of found) {
    fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
    fo.updatedAt = at;
  }
  const tracking = input.trackingInfo ?? null;
  const lines = new Map<number, number>();
  for (const t of takes) {
    lines.set(t.line.lineItemId, (lines.get(t.line.lineItemId) ?? 0) + t.quantity);
  }
  const fulfillment: Fulfillment = {
    id: store.newId(),
    name: `${order.name}-F${order.fulfillments.length + 1}`,
    status: 'SUCCESS',
    trackingNumber: tracking?.number ?? tracking?.numbers?.[0] ?? null,
    trackingCompany: tracking?.company ?? null,
    trackingUrl: tracking?.url ?? tracking?.urls?.[0] ?? null,
    locationId: found[0]?.fo.locationId ?? null,
    lines: [...lines].map(([lineItemId, quantity]) => ({ lineItemId, quantity })),
    createdAt: at,
    updatedAt: at,
  };
  order.fulfillments.push(fulfillment);
  const all = fulfillmentOrdersOf(store, order);
  const left = all.some((fo) => fo.lineItems.some((l) => l.remainingQuantity > 0));
  order.fulfillmentStatus = left ? 'PARTIALLY_FULFILLED' : 'FULFILLED';
  // orders/updated and fulfillments/create, as Shopify sends them.
  store.upsertOrder(order, 'update');
  return { fulfillment, userErrors: [] };
}
