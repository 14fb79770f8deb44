// Flow 3 end to end: the Shopify sandbox over real HTTP and its connector (backfill, then
// webhooks), the ERP's sales order and posted shipment as Business Central events on real Kafka,
// the projector into a fresh PostgreSQL database, and the shipment-to-fulfilment flow writing to
// the sandbox. Checks are on the sandbox's own state: one fulfilment per shipped order whatever
// is duplicated, replayed or failed on the way, and the fulfilment's own webhook (the echo) does
// not make another.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createShopifyClient } from '../../../connectors/shopify/client';
import { Ledger } from '../../../flows/ledger';
import { startFlows, type RunningFlows } from '../../../flows';
import { createShipmentToFulfilmentFlow } from '../../../flows/shipment-to-fulfilment/flow';
import { flowSettings } from '../../../flows/settings';
import { loadConfig } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import type { ShopifySandbox } from '../../../sandbox/shopify';
import type { Order } from '../../../sandbox/shopify/store';
import type { ErpSalesOrder, ErpShipment } from '../../../schema/events';
import { createEvent } from '../../../streams/codec';
import type { ChangeEvent } from '../../../schema/events';
import { publish } from '../../helpers/events';
import { startFlowScenario, type FlowScenario } from '../../helpers/flow-scenario';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { waitFor } from '../../helpers/kafka';
import { groupIdOf, waitForCatchUp, type KafkaProjection } from '../../helpers/projection';

const logger = createLogger('fulfilment-e2e', process.env.LOG_LEVEL ?? 'warn');

function erpEvent(
  entity: 'sales-order' | 'shipment',
  payload: ErpSalesOrder | ErpShipment,
  version: number,
): ChangeEvent {
  return createEvent({
    source: 'erp',
    entity,
    op: 'upsert',
    sourceId: payload.id,
    version,
    occurredAt: new Date(version).toISOString(),
    payload,
  });
}

/**
 * The carrier's tracking of shipment n, as a deployment's custom BC page gives it: odd shipments
 * have it, even ones come from the standard page and have none.
 */
const trackingOf = (n: number) =>
  n % 2 === 1
    ? {
        trackingNumber: `1ZE2E${n}`,
        trackingCompany: 'UPS',
        trackingUrl: `https://www.ups.com/track?tracknum=1ZE2E${n}`,
      }
    : {};

/** The ERP's side of an order shipped in full: its sales order and one posted shipment. */
function shippedInErp(order: Order, n: number, version: number): ChangeEvent[] {
  const number = `SO-E2E${n}`;
  const salesOrder: ErpSalesOrder = {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    number,
    externalDocumentNumber: order.name,
    customerNumber: 'C-E2E',
    orderDate: order.createdAt.slice(0, 10),
    status: 'Released',
    currencyCode: order.currency,
    totalAmountIncludingTax: order.total,
    lines: order.lineItems.map((l) => ({
      sku: l.sku ?? '',
      quantity: l.quantity,
      shippedQuantity: l.quantity,
      unitPrice: l.unitPrice,
      locationCode: null,
    })),
    lastModifiedDateTime: new Date(version).toISOString(),
  };
  const shipment: ErpShipment = {
    id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    number: `SSH-E2E${n}`,
    orderNumber: number,
    postingDate: salesOrder.orderDate,
    ...trackingOf(n),
    lastModifiedDateTime: new Date(version).toISOString(),
  };
  return [erpEvent('sales-order', salesOrder, version), erpEvent('shipment', shipment, version)];
}

const shippedUnits = (o: Order) =>
  o.fulfillments.reduce((sum, f) => sum + (f.lines ?? []).reduce((s, l) => s + l.quantity, 0), 0);

describeWithKafkaAndPostgres('shipment → Shopify fulfilment, exactly once', () => {
  let scenario: FlowScenario;
  let env: KafkaProjection;
  let sb: ShopifySandbox;
  let flows: RunningFlows | undefined;
  let orders: Order[];

  const startFlow = () =>
    startFlows({
      stream: env.stream,
      orm: env.db.orm,
      namespace: env.namespace,
      logger,
      clients: {},
      settings: flowSettings(loadConfig({})),
      flows: [
        createShipmentToFulfilmentFlow({
          shopify: createShopifyClient({
            config: scenario.shopConfig,
            logger,
            backoffMs: 50,
            timeoutMs: 10_000,
          }),
        }),
      ],
    });

  beforeAll(async () => {
    scenario = await startFlowScenario({
      logger,
      backfill: 'paged',
      shop: { orders: 60, customers: 20, products: 12, seed: 21 },
    });
    ({ env, shop: sb } = scenario);
    orders = [...sb.store.orders.values()]
      .filter((o) => o.fulfillmentStatus === 'UNFULFILLED' && !o.cancelledAt)
      .slice(0, 6);
    expect(orders.length).toBe(6);
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 90_000 });
  }, 150_000);

  afterAll(async () => {
    await flows?.stop();
    await scenario?.close();
  });

  it('fulfils each shipped order once, with its tracking, through duplicates, 5xx and a restart', async () => {
    // Shopify fails a third of the calls (before running them, as the sandbox's knob does).
    sb.knobs.set({ error5xxRate: 0.3 });
    const base = Date.now();
    const events = orders.flatMap((o, i) => shippedInErp(o, i + 1, base));
    // Every event twice, the shipments first: a shipment whose sales order is not in yet parks.
    const shipmentsFirst = [...events].sort((a, b) => (a.entity < b.entity ? 1 : -1));
    await publish(env.stream, [...shipmentsFirst, ...events], env.namespace);
    flows = await startFlow();
    // Half way, the flow process goes: a new one resumes from the ledger and the topics.
    await waitFor(() => orders.some((o) => o.fulfillments.length > 0), { timeoutMs: 60_000 });
    await flows.stop();
    flows = await startFlow();
    // The same shipments again, at a later version (a re-poll): still nothing more to do.
    await publish(
      env.stream,
      orders.flatMap((o, i) => shippedInErp(o, i + 1, base + 1_000)),
      env.namespace,
    );
    await waitFor(() => orders.every((o) => o.fulfillmentStatus === 'FULFILLED'), {
      timeoutMs: 90_000,
    });
    sb.knobs.set({ error5xxRate: 0 });
    const ledger = new Ledger(env.db.orm);
    await waitFor(
      async () => {
        const rows = await ledger.list({ flow: 'shipment-to-fulfilment' });
        return rows.length === orders.length && rows.every((r) => r.state === 'done')
          ? rows
          : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // The fulfilments' own webhooks came back through the connector and the projector.
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const [i, order] of orders.entries()) {
      expect(shippedUnits(order)).toBe(order.lineItems.reduce((s, l) => s + l.quantity, 0));
      // The shipment's tracking reached every fulfilment of its order; none where it had none.
      const tracking = trackingOf(i + 1);
      for (const f of order.fulfillments) {
        expect({
          trackingNumber: f.trackingNumber,
          trackingCompany: f.trackingCompany,
          trackingUrl: f.trackingUrl ?? null,
        }).toEqual({
          trackingNumber: tracking.trackingNumber ?? null,
          trackingCompany: tracking.trackingCompany ?? null,
          trackingUrl: tracking.trackingUrl ?? null,
        });
      }
      // One fulfilment per location the order was routed to, no more.
      const locations = new Set(sb.store.fulfillmentOrders.get(order.id)?.map((f) => f.locationId));
      expect(order.fulfillments.length).toBe(locations.size);
    }
  }, 240_000);
});
