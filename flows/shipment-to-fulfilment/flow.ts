import { createHash } from 'node:crypto';
import type { ShopifyClient } from '../../connectors/shopify/client';
import { createFulfillment, readFulfillmentOrders } from '../../connectors/shopify/fulfillments';
import { SalesOrderLine } from '../../store/erp/sales-order-line.entity';
import { SalesOrder } from '../../store/erp/sales-order.entity';
import { Shipment } from '../../store/erp/shipment.entity';
import { Order } from '../../store/order/order.entity';
import { normaliseSku } from '../../store/ids';
import { RefusedError, type Flow, type FlowContext, type FlowOutcome } from '../flow';
import { decideFulfilment, describeShortfall, trackingOf, type Tracking } from './decide';

/**
 * Flow 3, shipment → Shopify fulfilment. Key: the ERP sales order number. A posted shipment (or
 * the sales order's shipped quantities moving) brings the Shopify order whose name is the sales
 * order's externalDocumentNumber in line: what the ERP shipped is fulfilled through the order's
 * fulfillment orders. Exactly once by re-reading Shopify's fulfilments before every write (see
 * decide.ts); the write itself is never retried blind.
 *
 * Tracking: Business Central's standard salesShipments page has no tracking number
 * (../shared/reference/vendors.md); where a deployment's custom page exposes Package Tracking No.
 * and the Shipping Agent (the connector's BC_SHIPMENT_API), the store's shipments carry them and
 * the fulfilment passes the newest shipment's on. Without one, fulfilments go without tracking.
 */
export interface ShipmentToFulfilmentOptions {
  shopify: ShopifyClient;
  /** Shopify's shipping confirmation to the customer (fulfillmentCreate notifyCustomer). */
  notifyCustomer?: boolean;
}

/** Shopify's order gid from the store's source id (numeric, as the connector keeps it). */
const orderGid = (sourceId: string) =>
  sourceId.startsWith('gid://') ? sourceId : `gid://shopify/Order/${sourceId}`;

function shippedLines(record: Record<string, unknown>): boolean {
  const lines = record.lines;
  return (
    Array.isArray(lines) &&
    lines.some(
      (l) =>
        typeof l === 'object' &&
        l !== null &&
        Number((l as Record<string, unknown>).shippedQuantity) > 0,
    )
  );
}

function versionOf(shipped: Map<string, number>, tracking: Tracking | undefined): string {
  const entries = [...shipped].sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify({ entries, tracking: tracking ?? null }))
    .digest('hex')
    .slice(0, 32);
}

export function createShipmentToFulfilmentFlow(options: ShipmentToFulfilmentOptions): Flow {
  const notifyCustomer = options.notifyCustomer ?? false;
  return {
    name: 'shipment-to-fulfilment',
    triggers: ['shipment', 'sales-order'],
    // A key parked for its Shopify order flows again when orders change.
    mappings: ['order'],
    keysFor(entity, record) {
      if (record.deleted === true) return [];
      if (entity === 'shipment' && typeof record.salesOrderNumber === 'string') {
        return [record.salesOrderNumber];
      }
      if (entity === 'sales-order' && typeof record.number === 'string' && shippedLines(record)) {
        return [record.number];
      }
      return [];
    },
    async sync(key: string, ctx: FlowContext): Promise<FlowOutcome> {
      const { em } = ctx;
      const salesOrder = await em.findOne(SalesOrder, { number: key });
      if (!salesOrder)
        return { state: 'parked', reason: `sales order ${key} is not in the store yet` };
      if (!salesOrder.orderName) {
        return { state: 'skipped', reason: `sales order ${key} has no Shopify order name` };
      }
      const shipments = await em.find(Shipment, { salesOrderNumber: key });
      if (shipments.length === 0) {
        return { state: 'skipped', reason: `sales order ${key} has no posted shipment` };
      }
      const lines = await em.find(SalesOrderLine, { salesOrderId: salesOrder.id });
      const shipped = new Map<string, number>();
      for (const line of lines) {
        const sku = normaliseSku(line.sku);
        if (line.shippedQuantity > 0)
          shipped.set(sku, (shipped.get(sku) ?? 0) + line.shippedQuantity);
      }
      if (shipped.size === 0) {
        return { state: 'skipped', reason: `sales order ${key} has nothing shipped yet` };
      }
      const tracking = trackingOf(shipments);
      const sourceVersion = versionOf(shipped, tracking);
      // An echo or a replay of what was fulfilled already: no call to Shopify.
      if (ctx.previous?.state === 'done' && ctx.previous.sourceVersion === sourceVersion) {
        return { state: 'unchanged', sourceVersion };
      }
      const order = await em.findOne(Order, { name: salesOrder.orderName });
      if (!order) {
        return {
          state: 'parked',
          reason: `Shopify order ${salesOrder.orderName} is not in the store yet`,
        };
      }
      // The truth of what is fulfilled is Shopify's, read now: it heals a crash between an
      // earlier fulfilment and its ledger entry.
      const current = await readFulfillmentOrders(
        options.shopify,
        orderGid(order.sourceId),
        ctx.signal,
      );
      if (!current) throw new RefusedError(`Shopify has no order ${salesOrder.orderName}`);
      const decision = decideFulfilment({ shipped, shopify: current, tracking, notifyCustomer });
      if (decision.kind === 'unchanged') return { state: 'unchanged', sourceVersion };
      if (decision.kind === 'blocked') {
        throw new RefusedError(describeShortfall(current.name, decision.shortfall), 'SHORTFALL');
      }
      const ids: string[] = [];
      for (const call of decision.calls) {
        const result = await createFulfillment(options.shopify, call, ctx.signal);
        if (!result.ok) {
          throw new RefusedError(
            `Shopify refused the fulfilment of ${current.name}: ${result.userErrors.map((e) => e.message).join('; ')}`,
            'USER_ERRORS',
          );
        }
        ids.push(result.fulfillmentId);
      }
      if (decision.shortfall.length > 0) {
        ctx.logger.warn(
          { order: current.name, salesOrder: key },
          describeShortfall(current.name, decision.shortfall),
        );
      }
      return { state: 'done', targetId: ids.join(','), sourceVersion };
    },
  };
}
