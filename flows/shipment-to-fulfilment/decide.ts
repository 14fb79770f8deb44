import type {
  FulfillmentInput,
  OrderFulfillmentOrders,
} from '../../connectors/shopify/fulfillments';
import type { Shipment } from '../../store/erp/shipment.entity';
import { normaliseSku } from '../../store/ids';

/**
 * What Shopify must still fulfil for an order, decided from two reads and nothing remembered:
 * the ERP's shipped quantities by SKU (all posted shipments so far) and Shopify's fulfilments as
 * they stand. Whatever the ERP shipped beyond what Shopify fulfilled is fulfilled now, from the
 * fulfillment order lines that have it left. Run twice, after a crash, a replay or a lost
 * answer, the second run sees the first's fulfilment and asks for nothing.
 */

export interface Tracking {
  company?: string;
  number?: string;
  url?: string;
}

export interface FulfilmentInputs {
  /** Units the ERP has shipped, by SKU (any spelling; compared normalised). */
  shipped: Map<string, number>;
  shopify: OrderFulfillmentOrders;
  tracking?: Tracking;
  notifyCustomer: boolean;
}

export interface Shortfall {
  sku: string;
  /** Shipped by the ERP, not fulfilled in Shopify, and no open line has it left. */
  missing: number;
}

export type FulfilmentDecision =
  | { kind: 'unchanged' }
  | { kind: 'fulfil'; calls: FulfillmentInput[]; shortfall: Shortfall[] }
  | { kind: 'blocked'; shortfall: Shortfall[] };

/** Fulfilments that shipped something; cancelled and failed ones did not. */
const shippedStatuses = new Set(['SUCCESS', 'OPEN', 'PENDING']);
/** Fulfillment orders that can take a fulfilment. */
const fulfillableStatuses = new Set(['OPEN', 'IN_PROGRESS']);

function add(map: Map<string, number>, sku: string, n: number): void {
  map.set(sku, (map.get(sku) ?? 0) + n);
}

/** Shopify's fulfilled units by normalised SKU. */
export function fulfilledBySku(shopify: OrderFulfillmentOrders): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of shopify.fulfillments) {
    if (!shippedStatuses.has(f.status)) continue;
    for (const line of f.lines) if (line.sku) add(out, normaliseSku(line.sku), line.quantity);
  }
  return out;
}

export function decideFulfilment(inputs: FulfilmentInputs): FulfilmentDecision {
  const shipped = new Map<string, number>();
  for (const [sku, n] of inputs.shipped) if (n > 0) add(shipped, normaliseSku(sku), n);
  const fulfilled = fulfilledBySku(inputs.shopify);
  const open = inputs.shopify.fulfillmentOrders.filter((f) => fulfillableStatuses.has(f.status));
  // What each fulfillment order line can still take, spent as it is allocated.
  const left = new Map(open.flatMap((f) => f.lineItems.map((l) => [l.id, l.remainingQuantity])));
  const takes = new Map<string, { id: string; quantity: number }[]>();
  const shortfall: Shortfall[] = [];
  for (const [sku, units] of [...shipped].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let need = units - (fulfilled.get(sku) ?? 0);
    if (need <= 0) continue;
    for (const fo of open) {
      for (const line of fo.lineItems) {
        if (need === 0 || !line.sku || normaliseSku(line.sku) !== sku) continue;
        const take = Math.min(need, left.get(line.id) ?? 0);
        if (take <= 0) continue;
        left.set(line.id, (left.get(line.id) ?? 0) - take);
        need -= take;
        const list = takes.get(fo.id) ?? [];
        list.push({ id: line.id, quantity: take });
        takes.set(fo.id, list);
      }
    }
    if (need > 0) shortfall.push({ sku, missing: need });
  }
  if (takes.size === 0)
    return shortfall.length ? { kind: 'blocked', shortfall } : { kind: 'unchanged' };
  // One fulfilment per location: Shopify ships one fulfilment from one place.
  const byLocation = new Map<string, FulfillmentInput['lineItemsByFulfillmentOrder']>();
  for (const fo of open) {
    const lines = takes.get(fo.id);
    if (!lines) continue;
    const key = fo.locationId ?? `unassigned:${fo.id}`;
    const group = byLocation.get(key) ?? [];
    group.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: lines });
    byLocation.set(key, group);
  }
  const tracking = trackingInfo(inputs.tracking);
  const calls = [...byLocation.values()].map((lineItemsByFulfillmentOrder) => ({
    lineItemsByFulfillmentOrder,
    ...(tracking ? { trackingInfo: tracking } : {}),
    notifyCustomer: inputs.notifyCustomer,
  }));
  return { kind: 'fulfil', calls, shortfall };
}

type ShipmentTracking = Pick<
  Shipment,
  'number' | 'postedAt' | 'trackingNumber' | 'trackingCompany' | 'trackingUrl'
>;

/**
 * The tracking of the newest shipment that has any: a run fulfils what the ERP shipped since
 * Shopify's last fulfilment, which the latest posted shipment carries.
 */
export function trackingOf(shipments: readonly ShipmentTracking[]): Tracking | undefined {
  const newestFirst = [...shipments].sort(
    (a, b) => b.postedAt.getTime() - a.postedAt.getTime() || (a.number < b.number ? 1 : -1),
  );
  const tracked = newestFirst.find((s) => s.trackingNumber || s.trackingCompany);
  if (!tracked) return undefined;
  return {
    ...(tracked.trackingNumber ? { number: tracked.trackingNumber } : {}),
    ...(tracked.trackingCompany ? { company: tracked.trackingCompany } : {}),
    ...(tracked.trackingUrl ? { url: tracked.trackingUrl } : {}),
  };
}

/** Shopify takes a URL only with a number; empty parts are left out. */
function trackingInfo(tracking: Tracking | undefined): Tracking | undefined {
  if (!tracking?.number) return tracking?.company ? { company: tracking.company } : undefined;
  return {
    number: tracking.number,
    ...(tracking.company ? { company: tracking.company } : {}),
    ...(tracking.url ? { url: tracking.url } : {}),
  };
}

/** Words for a shortfall, for the ledger and the logs. */
export function describeShortfall(orderName: string, shortfall: Shortfall[]): string {
  const parts = shortfall.map((s) => `${s.missing} × ${s.sku}`);
  return `the ERP shipped ${parts.join(', ')} of ${orderName} that Shopify has no open fulfillment order line for (order cancelled, line removed or fulfilled elsewhere)`;
}
