// The world every flows e2e test starts from: a projector on the real Kafka into a fresh
// PostgreSQL database, the Shopify sandbox over real HTTP with its connector (webhooks
// subscribed, then a backfill), and optionally the Business Central sandbox with its connector.
// Each test adds its own vendor and its flow; checks read the sandboxes' own state.
import {
  startBusinessCentralConnector,
  type BusinessCentralConnector,
} from '../../connectors/businesscentral';
import type { BusinessCentralConfig } from '../../connectors/businesscentral/config';
import {
  loadShopifyConfig,
  MemoryCheckpointStore,
  startShopifyConnector,
  WEBHOOK_PATH,
  type ShopifyConfig,
  type ShopifyConnector,
} from '../../connectors/shopify';
import type { Flow } from '../../flows/flow';
import { Ledger, type FlowRun } from '../../flows/ledger';
import { flowGroupId, flowTopics } from '../../flows/runner';
import type { Logger } from '../../lib/logger';
import {
  startBusinessCentralSandbox,
  type BcSandbox,
  type BcSandboxConfig,
} from '../../sandbox/businesscentral';
import {
  startShopifySandbox,
  type ShopifySandbox,
  type ShopifySandboxConfig,
} from '../../sandbox/shopify';
import { sandboxConfig as bcSandboxConfig } from '../doubles/businesscentral';
import { waitFor } from './kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from './projection';

const SHOP_SECRET = 'e2e-flows-shopify-webhook-secret';

export interface FlowScenario {
  env: KafkaProjection;
  shop: ShopifySandbox;
  /** How the connector (and a flow writing to Shopify) reaches the sandbox. */
  shopConfig: ShopifyConfig;
  shopify: ShopifyConnector;
  /** Present when started with `erp`. */
  erp?: { sandbox: BcSandbox; config: BusinessCentralConfig; connector: BusinessCentralConnector };
  ledger: Ledger;
  /**
   * Webhooks out of the sandboxes and processed, the projector caught up with everything
   * published so far: the store holds what the sandboxes hold.
   */
  settle(): Promise<void>;
  /**
   * settle(), then the flow's consumer group caught up with its topics and no key of the flow
   * pending or retrying: nothing is left for the flow to do, until the next change.
   */
  flowIdle(flow: Flow, timeoutMs?: number): Promise<void>;
  /** The ledger rows of `flow`, for assertions and failure messages. */
  rows(flow: string): Promise<FlowRun[]>;
  /** Stops the connectors and sandboxes, then the projector, and drops the database. */
  close(): Promise<void>;
}

export async function startFlowScenario(options: {
  logger: Logger;
  /** The Shopify sandbox's options; the webhook secret, port and fast retries are set here. */
  shop: Omit<ShopifySandboxConfig, 'port' | 'webhookSecret'>;
  /** The Business Central sandbox and its connector (webhooks, no periodic re-poll). */
  erp?: (shop: ShopifySandbox) => Omit<BcSandboxConfig, 'port'>;
  /** How the Shopify connector backfills (default: the connector's). */
  backfill?: 'paged' | 'bulk';
}): Promise<FlowScenario> {
  const { logger } = options;
  const env = await startKafkaProjection();
  const stopping: Array<() => Promise<void>> = [() => env.close()];
  const close = async () => {
    for (const stop of stopping.reverse()) await stop();
  };
  try {
    const shop = await startShopifySandbox({
      restoreRate: 1_000,
      ...options.shop,
      webhooks: { backoffMs: 50, ...options.shop.webhooks },
      port: 0,
      webhookSecret: SHOP_SECRET,
    });
    stopping.push(() => shop.close());
    const shopConfig = loadShopifyConfig({
      SHOPIFY_SHOP: shop.shopDomain,
      SHOPIFY_ACCESS_TOKEN: shop.accessToken,
      SHOPIFY_WEBHOOK_SECRET: SHOP_SECRET,
      SHOPIFY_API_VERSION: shop.apiVersion,
      SHOPIFY_API_URL: shop.url,
      INGRESS_PORT: '0',
    });
    const shopify = await startShopifyConnector({
      config: shopConfig,
      stream: env.stream,
      namespace: env.namespace,
      logger,
      checkpoints: new MemoryCheckpointStore(),
    });
    stopping.push(() => shopify.stop());
    // Subscribed before the backfill: a change made while it reads is delivered, not missed.
    shop.webhooks.subscribeAll(`${shopify.ingress.url}${WEBHOOK_PATH}`);
    await shopify.backfill(options.backfill ? { mode: options.backfill } : {});

    let erp: FlowScenario['erp'];
    if (options.erp) {
      const erpOptions = options.erp(shop);
      const sandbox = await startBusinessCentralSandbox({
        notificationWindowMs: 50,
        ...erpOptions,
        webhooks: { backoffMs: 50, ...erpOptions.webhooks },
        port: 0,
      });
      stopping.push(() => sandbox.close());
      const config = bcSandboxConfig(sandbox, { BC_POLL_INTERVAL_SECONDS: '3600' });
      const connector = await startBusinessCentralConnector({
        config,
        stream: env.stream,
        namespace: env.namespace,
        logger,
        checkpoints: new MemoryCheckpointStore(),
      });
      stopping.push(() => connector.stop());
      await connector.backfill();
      await connector.startIncremental();
      erp = { sandbox, config, connector };
    }
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 90_000 });

    const ledger = new Ledger(env.db.orm);
    const settle = async (): Promise<void> => {
      await shop.deliveries.idle();
      if (erp) {
        // BC gathers changes for its notification window before it sends them.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await erp.sandbox.deliveries.idle();
        await erp.connector.idle();
      }
      await waitFor(
        () => {
          const q = shopify.stats().queue;
          return q.depth === 0 && q.processed + q.failed >= q.enqueued;
        },
        { timeoutMs: 60_000, intervalMs: 50 },
      );
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 90_000 });
    };
    return {
      env,
      shop,
      shopConfig,
      shopify,
      ...(erp ? { erp } : {}),
      ledger,
      settle,
      async flowIdle(flow, timeoutMs = 120_000) {
        await settle();
        await waitForCatchUp(env.namespace, flowGroupId(env.namespace, flow.name), {
          topics: flowTopics(flow, env.namespace),
          timeoutMs,
        });
        await waitFor(
          async () => {
            const busy = await ledger.list({ flow: flow.name, states: ['pending', 'retrying'] }, 1);
            return busy.length === 0;
          },
          { timeoutMs, intervalMs: 200 },
        );
      },
      rows: (flow) => ledger.list({ flow }, 10_000),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
