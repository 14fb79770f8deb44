// The stock flow's world, for its e2e test and `npm run bench:flows`: the Shopify and Business
// Central sandboxes over real HTTP (the ERP stocking the shop's SKUs in the shop's warehouses),
// their real connectors publishing to the given stream, and the stock flow under its runner
// writing back through the connector's client. The projector is the caller's (Kafka + PostgreSQL,
// or the in-process stream + SQLite).
import {
  startBusinessCentralConnector,
  type BusinessCentralConnector,
} from '../../../connectors/businesscentral';
import { createShopifyClient } from '../../../connectors/shopify/client';
import {
  MemoryCheckpointStore,
  startShopifyConnector,
  WEBHOOK_PATH,
  type ShopifyConnector,
} from '../../../connectors/shopify';
import { ShopifyInventory, type SetAvailableInput } from '../../../connectors/shopify/inventory';
import { FlowRunner } from '../../../flows/runner';
import { stockToChannels } from '../../../flows/stock-to-channels';
import type { Logger } from '../../../lib/logger';
import { startBusinessCentralSandbox, type BcSandbox } from '../../../sandbox/businesscentral';
import type { LocationStock } from '../../../sandbox/businesscentral/model';
import { startShopifySandbox, type ShopifySandbox } from '../../../sandbox/shopify';
import type { InventoryLevel, Variant } from '../../../sandbox/shopify/store';
import type { Orm } from '../../../store/orm';
import type { Stream } from '../../../streams/stream';
import { sandboxConfig as bcConfig } from '../../doubles/businesscentral';
import { SANDBOX_WEBHOOK_SECRET, sandboxConfig } from '../../doubles/shopify/sandbox-config';
import { quietLogger } from '../../doubles/testkit';
import { waitFor } from '../../helpers/kafka';

export interface StockScenario {
  shop: ShopifySandbox;
  erp: BcSandbox;
  shopify: ShopifyConnector;
  bc: BusinessCentralConnector;
  runner: FlowRunner;
  /** Every inventorySetQuantities the flow sent, and whether Shopify applied it. */
  writes: { input: SetAvailableInput; applied: boolean }[];
  safetyStock: number;
  erpStock(sku: string, locationId: number): LocationStock;
  /** A stock change in the ERP (a receipt, a count), as its own traffic makes them. */
  setErpOnHand(sku: string, locationId: number, onHand: number): void;
  variantOf(level: InventoryLevel): Variant;
  /** What Shopify must show: ERP available − units sold on Shopify not in the ERP − safety. */
  expected(level: InventoryLevel): number;
  outOfLine(): InventoryLevel[];
  /** Webhooks out of both sandboxes, connectors idle, and the flow with nothing left to run. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStockScenario(options: {
  stream: Stream;
  orm: Orm;
  namespace: string;
  logger: Logger;
  products?: number;
  safetyStock?: number;
}): Promise<StockScenario> {
  const { stream, orm, namespace, logger } = options;
  const safetyStock = options.safetyStock ?? 1;
  const shop = await startShopifySandbox({
    port: 0,
    seed: 21,
    products: options.products ?? 6,
    customers: 3,
    orders: 0,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    restoreRate: 1_000,
    webhooks: { backoffMs: 50 },
  });
  const erp = await startBusinessCentralSandbox({
    port: 0,
    seed: 21,
    customers: 3,
    salesOrders: 0,
    notificationWindowMs: 50,
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
    config: bcConfig(erp, { BC_POLL_INTERVAL_SECONDS: '3600' }),
    stream,
    namespace,
    logger,
    checkpoints: new MemoryCheckpointStore(),
  });
  await Promise.all([shopify.backfill(), bc.backfill()]);
  shop.webhooks.subscribeAll(`${shopify.ingress.url}${WEBHOOK_PATH}`);
  await Promise.all([shopify.startIncremental(), bc.startIncremental()]);

  const writes: StockScenario['writes'] = [];
  const inventory = new ShopifyInventory(
    createShopifyClient({ config: sandboxConfig(shop), logger: quietLogger() }),
  );
  const runner = new FlowRunner({
    flow: stockToChannels({
      inventory: {
        readLevels: (id, signal) => inventory.readLevels(id, signal),
        async setAvailable(input) {
          const result = await inventory.setAvailable(input);
          writes.push({ input, applied: result.applied });
          return result;
        },
      },
      settings: { safetyStock, locationMap: new Map(), erpReservesSalesOrders: false },
    }),
    stream,
    orm,
    logger,
    namespace,
    concurrency: 16,
    pollMs: 200,
    backoff: { initialMs: 50, maxMs: 500 },
  });
  await runner.start();

  function erpStock(sku: string, locationId: number): LocationStock {
    const name = shop.store.locations.get(locationId)?.name;
    const code = erp.store.list('locations').find((l) => l.displayName === name)?.code;
    const stock = erp.store
      .list('locationStocks')
      .find((s) => s.itemNumber === sku && s.locationCode === code);
    if (!stock) throw new Error(`no ERP stock of ${sku} at ${name}`);
    return stock;
  }
  function variantOf(level: InventoryLevel): Variant {
    const variant = [...shop.store.variants.values()].find(
      (v) => v.inventoryItemId === level.inventoryItemId,
    );
    if (!variant) throw new Error('no variant');
    return variant;
  }
  const expected = (level: InventoryLevel) =>
    Math.max(
      0,
      erpStock(variantOf(level).sku, level.locationId).available -
        level.quantities.committed -
        safetyStock,
    );

  async function ledgerIdle(): Promise<void> {
    const sql = orm.em.getConnection();
    await waitFor(
      async () => {
        const [row] = await sql.execute<Array<{ n: number | string }>>(
          `select count(*) as n from flow_run
            where flow = 'stock-to-channels' and state in ('pending', 'retrying')`,
        );
        return Number(row?.n) === 0;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  return {
    shop,
    erp,
    shopify,
    bc,
    runner,
    writes,
    safetyStock,
    erpStock,
    setErpOnHand(sku, locationId, onHand) {
      const stock = erpStock(sku, locationId);
      stock.onHand = onHand;
      stock.available = Math.max(0, onHand - stock.committed);
      erp.store.upsert('locationStocks', stock);
    },
    variantOf,
    expected,
    outOfLine: () =>
      [...shop.store.inventoryLevels.values()].filter(
        (l) => l.quantities.available !== expected(l),
      ),
    async settle() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await shop.deliveries.idle();
      await erp.deliveries.idle();
      await bc.idle();
      await waitFor(() => shopify.stats().queue.depth === 0, {
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      await ledgerIdle();
    },
    async stop() {
      await runner.stop();
      await shopify.stop();
      await bc.stop();
      await shop.close();
      await erp.close();
    },
  };
}
