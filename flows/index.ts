import type { BcClient } from '../connectors/businesscentral/client';
import type { HubSpotClient } from '../connectors/hubspot/client';
import type { ShopifyClient } from '../connectors/shopify/client';
import { ShopifyInventory } from '../connectors/shopify/inventory';
import type { QboWriter } from '../connectors/quickbooks/writes';
import type { ShopifyPaymentsReader } from '../connectors/shopify/payments';
import { bcWrites } from '../connectors/businesscentral/writes';
import type { Logger } from '../lib/logger';
import type { Orm } from '../store/orm';
import type { Stream } from '../streams/stream';
import type { Flow, FlowName } from './flow';
import { Ledger } from './ledger';
import { createMoneyToBooksFlow, PayoutPoller } from './money-to-books';
import { createOrderToErp } from './order-to-erp';
import { FlowRunner, type FlowStatus } from './runner';
import { createProfileToCrmFlow } from './profile-to-crm/flow';
import { createShipmentToFulfilmentFlow } from './shipment-to-fulfilment/flow';
import type { FlowSettings } from './settings';
import { stockToChannels } from './stock-to-channels';

/**
 * The vendor clients the flows write through, each present only where its vendor is configured.
 * A flow whose client is missing does not start. Each flow adds its own client here.
 */
export interface FlowClients {
  /** Business Central (order-to-erp): its write calls are in connectors/businesscentral/writes.ts. */
  erp?: BcClient;
  /**
   * Shopify's Admin API: stock-to-channels (inventorySetQuantities, connectors/shopify/inventory.ts)
   * and shipment-to-fulfilment (fulfilment calls, connectors/shopify/fulfillments.ts).
   */
  shopify?: ShopifyClient;
  /** QuickBooks Online writes (money-to-books): connectors/quickbooks/writes.ts. */
  accounting?: QboWriter;
  /** Shopify Payments payouts and balance transactions (money-to-books). */
  payments?: ShopifyPaymentsReader;
  /** HubSpot (profile-to-crm): properties and batch upsert in connectors/hubspot/client.ts. */
  crm?: HubSpotClient;
}

/** Builds every flow whose vendor client is there: the one list of the flows. */
export function buildFlows(clients: FlowClients, settings: FlowSettings): Flow[] {
  const flows: Flow[] = [];
  // The ERP's stock reaches the store through its connector; without one there is nothing to push.
  if (clients.shopify && clients.erp) {
    flows.push(
      stockToChannels({
        inventory: new ShopifyInventory(clients.shopify),
        settings: settings.stock,
      }),
    );
  }
  if (clients.accounting && clients.payments) {
    flows.push(
      createMoneyToBooksFlow({
        qbo: clients.accounting,
        payments: clients.payments,
        settings: settings.moneyToBooks,
      }),
    );
  }
  if (clients.shopify) flows.push(createShipmentToFulfilmentFlow({ shopify: clients.shopify }));
  if (clients.crm) {
    flows.push(
      createProfileToCrmFlow({ crm: clients.crm, shopCurrency: settings.shopCurrency ?? 'USD' }),
    );
  }
  if (clients.erp)
    flows.push(
      createOrderToErp({
        bc: bcWrites(clients.erp),
        settings: settings.orderToErp ?? { scope: { kind: 'paid' }, locationMap: new Map() },
      }),
    );
  return flows;
}

export interface RunningFlows {
  names: FlowName[];
  health(): FlowStatus[];
  /** Looks at the ledger now (after a retry was queued in this process). */
  kick(): void;
  stop(): Promise<void>;
}

/** Starts a runner per flow (or per given flow, for tests) on one stream and one store. */
export async function startFlows(options: {
  stream: Stream;
  orm: Orm;
  namespace: string;
  logger: Logger;
  clients: FlowClients;
  settings: FlowSettings;
  /** Instead of buildFlows: tests run one flow with its doubles. */
  flows?: Flow[];
}): Promise<RunningFlows> {
  const enabled = options.settings.enabled;
  const flows = (options.flows ?? buildFlows(options.clients, options.settings)).filter(
    (flow) => !enabled || enabled.includes(flow.name),
  );
  const runners: FlowRunner[] = [];
  try {
    for (const flow of flows) {
      const runner = new FlowRunner({
        flow,
        stream: options.stream,
        orm: options.orm,
        namespace: options.namespace,
        logger: options.logger,
      });
      await runner.start();
      runners.push(runner);
    }
  } catch (error) {
    await Promise.allSettled(runners.map((r) => r.stop()));
    throw error;
  }
  // Payouts reach the books by polling Shopify: nothing on the event path carries them.
  const money = runners.find((r) => r.name === 'money-to-books');
  const poller =
    money && options.clients.payments
      ? new PayoutPoller({
          payments: options.clients.payments,
          ledger: new Ledger(options.orm),
          logger: options.logger.child({ flow: 'money-to-books', part: 'payouts' }),
          intervalMs: options.settings.moneyToBooks?.payoutPollMs ?? 30_000,
          onQueued: () => money.kick(),
        })
      : undefined;
  poller?.start();
  if (runners.length) options.logger.info({ flows: flows.map((f) => f.name) }, 'flows running');
  return {
    names: flows.map((f) => f.name),
    health: () => runners.map((r) => r.health()),
    kick: () => runners.forEach((r) => r.kick()),
    async stop() {
      await poller?.stop();
      await Promise.allSettled(runners.map((r) => r.stop()));
    },
  };
}

export { FLOW_NAMES, RefusedError, TransientError } from './flow';
export type { Flow, FlowContext, FlowName, FlowOutcome } from './flow';
export { Ledger } from './ledger';
export type { FlowStatus } from './runner';
