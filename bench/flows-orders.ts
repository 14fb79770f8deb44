/**
 * The order → ERP part of `npm run bench:flows`: orders placed in the Shopify sandbox at a steady
 * rate, each timed from its creation in the Shopify sandbox's store to its sales order's creation
 * in the Business Central sandbox's store. Both sandboxes run in this process, so both instants
 * come from one clock, and each is taken by the sandbox's own change hook, not by polling.
 * Between them: Shopify's orders/create webhook, the Shopify connector, the in-process stream, the
 * projector into SQLite, the canonical order topic, and the order-to-erp flow under the runner
 * `plexus start` builds (its default concurrency and poll), calling BC over HTTP.
 */
import { cpus } from 'node:os';
import { startBusinessCentralConnector } from '../connectors/businesscentral';
import { MemoryCheckpointStore, startShopifyConnector, WEBHOOK_PATH } from '../connectors/shopify';
import { flowClients } from '../flows/clients';
import { startFlows } from '../flows/index';
import { stockSettings } from '../flows/stock-to-channels/settings';
import type { Logger } from '../lib/logger';
import { startBusinessCentralSandbox } from '../sandbox/businesscentral';
import { startShopifySandbox } from '../sandbox/shopify';
import { buildCustomer, buildOrder } from '../sandbox/shopify/seed';
import { placeOrder } from '../sandbox/shopify/stock';
import { chance, createRng, pick } from '../sandbox/toolkit/random';
import { ErpItem, Location } from '../store/entities';
import type { Orm } from '../store/orm';
import type { Stream } from '../streams/stream';
import { sandboxConfig as bcConfig } from '../test/doubles/businesscentral';
import { SANDBOX_WEBHOOK_SECRET, sandboxConfig } from '../test/doubles/shopify/sandbox-config';
import { waitFor } from '../test/helpers/kafka';
import { cpuSpent } from './stats';

export interface OrderBenchResult {
  placed: number;
  /** Milliseconds from order creation in Shopify to sales order creation in BC, one per order. */
  latencies: number[];
  /** Orders with no sales order by the deadline. */
  missing: number;
  /** Placements that started later than their schedule (the load generator fell behind). */
  late: number;
  /** BC customers the flow created for buyers the ERP did not know. */
  customersCreated: number;
  /**
   * CPU this process spent per order, sandboxes included, from the first order to the last sales
   * order: with the cores it gets, it bounds the rate one embedded process can keep up with.
   */
  cpuMsPerOrder: number;
  /** Cores this process used meanwhile, on average. */
  processShare: number;
  /** How busy the machine's cores were meanwhile (0–1), every process counted; null off Linux. */
  machineBusy: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchOrders(options: {
  stream: Stream;
  orm: Orm;
  namespace: string;
  logger: Logger;
  seconds: number;
  perSecond: number;
}): Promise<OrderBenchResult> {
  const { stream, orm, namespace, logger } = options;
  const shop = await startShopifySandbox({
    port: 0,
    seed: 31,
    products: 20,
    customers: 40,
    orders: 0,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    restoreRate: 1_000,
    webhooks: { backoffMs: 50 },
  });
  // Enough stock that no checkout is refused (the sandbox refuses orders a DENY variant cannot
  // fill): the bench measures orders, not the shop running dry. Before any webhook subscription.
  for (const level of shop.store.inventoryLevels.values())
    shop.store.setQuantity(level, 'available', 1_000_000);
  const erp = await startBusinessCentralSandbox({
    port: 0,
    seed: 31,
    customers: 20,
    salesOrders: 0,
    webhooks: { backoffMs: 50 },
    catalog: [...shop.store.variants.values()].map((v) => ({
      sku: v.sku,
      name: v.sku,
      price: Number(v.price),
    })),
    warehouses: [...shop.store.locations.values()].map((l) => l.name),
  });
  const shopify = await startShopifyConnector({
    config: sandboxConfig(shop),
    stream,
    namespace,
    logger,
    checkpoints: new MemoryCheckpointStore(),
  });
  const bc = await startBusinessCentralConnector({
    config: bcConfig(erp),
    stream,
    namespace,
    logger,
    checkpoints: new MemoryCheckpointStore(),
  });
  const customersBefore = erp.store.list('customers').length;
  const created = new Map<string, number>();
  const arrived = new Map<string, number>();
  const offShop = shop.store.onChange((change) => {
    if (change.kind === 'order' && change.op === 'create')
      created.set(change.order.name, performance.now());
  });
  const offErp = erp.store.onChange((change) => {
    if (change.set !== 'salesOrders' || change.changeType !== 'created') return;
    const order = erp.store.get('salesOrders', change.id);
    if (order && !arrived.has(order.externalDocumentNumber))
      arrived.set(order.externalDocumentNumber, performance.now());
  });
  let flows: Awaited<ReturnType<typeof startFlows>> | undefined;
  try {
    await Promise.all([shopify.backfill(), bc.backfill()]);
    shop.webhooks.subscribeAll(`${shopify.ingress.url}${WEBHOOK_PATH}`);
    await Promise.all([shopify.startIncremental(), bc.startIncremental()]);
    // The ERP's items and warehouses in the store first: otherwise early orders wait parked for
    // their mapping, which is the ERP connector's start-up, not the flow's latency.
    const items = erp.store.list('items').length;
    await waitFor(
      async () => {
        const em = orm.em.fork();
        return (
          (await em.count(ErpItem, {})) >= items &&
          (await em.count(Location, { source: 'erp' })) >= erp.store.list('locations').length
        );
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    // As `plexus start` builds it: the BC client the flows get, the runner's defaults.
    flows = await startFlows({
      stream,
      orm,
      namespace,
      logger,
      clients: flowClients({ erp: bcConfig(erp) }, logger),
      settings: {
        enabled: ['order-to-erp'],
        stock: stockSettings({
          FLOWS_STOCK_SAFETY_STOCK: 0,
          FLOWS_LOCATION_MAP: undefined,
          FLOWS_STOCK_ERP_RESERVES: false,
        }),
        orderToErp: { scope: { kind: 'paid' }, locationMap: new Map() },
      },
    });

    // Open loop: order i is due at start + i / rate whatever became of the ones before it.
    const rng = createRng(7);
    const total = Math.round(options.seconds * options.perSecond);
    const intervalMs = 1_000 / options.perSecond;
    const start = performance.now();
    const cpuBefore = cpuSpent();
    let late = 0;
    for (let i = 0; i < total; i += 1) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      else if (wait < -intervalMs) late += 1;
      const customers = [...shop.store.customers.values()];
      const customer =
        customers.length === 0 || chance(rng, 0.2)
          ? shop.store.upsertCustomer(
              buildCustomer(shop.store, rng, shop.store.customers.size, shop.store.stamp()),
              'create',
            )
          : pick(rng, customers);
      const placed = placeOrder(
        shop.store,
        buildOrder(shop.store, rng, customer, shop.store.stamp(), 'USD'),
      );
      if ('refused' in placed) throw new Error(`the sandbox refused an order: ${placed.refused}`);
    }
    const names = [...created.keys()];
    await waitFor(() => names.every((n) => arrived.has(n)), {
      timeoutMs: 120_000,
      intervalMs: 50,
    }).catch(() => undefined);
    const latencies = names.flatMap((n) => {
      const at = arrived.get(n);
      return at === undefined ? [] : [at - (created.get(n) as number)];
    });
    const cpu = cpuSpent();
    const wallMs = performance.now() - start;
    return {
      placed: names.length,
      latencies,
      missing: names.length - latencies.length,
      late,
      customersCreated: erp.store.list('customers').length - customersBefore,
      cpuMsPerOrder: (cpu.process - cpuBefore.process) / 1_000 / Math.max(1, names.length),
      processShare: (cpu.process - cpuBefore.process) / 1_000 / wallMs,
      machineBusy:
        cpu.machine === null || cpuBefore.machine === null
          ? null
          : (cpu.machine - cpuBefore.machine) / 1_000 / wallMs / cpus().length,
    };
  } finally {
    offShop();
    offErp();
    await flows?.stop();
    await shopify.stop();
    await bc.stop();
    await shop.close();
    await erp.close();
  }
}
