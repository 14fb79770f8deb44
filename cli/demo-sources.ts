import { randomBytes } from 'node:crypto';
import { MemoryCheckpointStore } from '../connectors/common/checkpoint';
import { createIngress } from '../connectors/common/ingress';
import { loadShopifyConfig, startShopifyConnector, WEBHOOK_PATH } from '../connectors/shopify';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { startShopifySandbox } from '../sandbox/shopify';
import type { Stream } from '../streams/stream';

/**
 * The demo's source systems: each vendor's sandbox on its port (4301–4304), and the real
 * connector for it, talking to the sandbox over HTTP exactly as it would to the vendor, its
 * webhooks arriving on the one ingress (4010). The sandboxes' traffic generators keep changes
 * flowing. Webhook secrets are made fresh for each run, so none is ever written down.
 *
 * Checkpoints are kept in memory: the sandboxes are re-seeded on every start, so each start
 * backfills again, and the projector's version gate turns what it already has into no-ops.
 */

export interface DemoSources {
  urls: Record<string, string>;
  /** Settles once every backfill is done and live changes flow. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface DemoSourcesOptions {
  config: Config;
  stream: Stream;
  logger: Logger;
}

const secret = () => randomBytes(24).toString('base64url');

export async function startDemoSources(options: DemoSourcesOptions): Promise<DemoSources> {
  const { config, stream, logger } = options;
  const host = config.HOST;
  const traffic = { ratePerSecond: config.DEMO_CHANGES_PER_SECOND, autoStart: false };
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };

  try {
    const ingress = createIngress({
      host,
      port: config.INGRESS_PORT,
      logger: logger.child({ part: 'ingress' }),
    });

    const shopifySecret = secret();
    const shop = await startShopifySandbox({
      host,
      port: config.SANDBOX_SHOPIFY_PORT,
      seed: config.DEMO_SEED,
      webhookSecret: shopifySecret,
      accessToken: `shpat_${secret()}`,
      // Shopify Plus limits, so the demo's backfill takes seconds rather than a minute.
      restoreRate: 1000,
      traffic,
    });
    stops.push(() => shop.close());
    const shopify = await startShopifyConnector({
      config: loadShopifyConfig({
        SHOPIFY_SHOP: shop.shopDomain,
        SHOPIFY_ACCESS_TOKEN: shop.accessToken,
        SHOPIFY_WEBHOOK_SECRET: shopifySecret,
        SHOPIFY_API_VERSION: shop.apiVersion,
        SHOPIFY_API_URL: shop.url,
        HOST: host,
      }),
      stream,
      namespace: config.TOPIC_NAMESPACE,
      logger: logger.child({ part: 'shopify' }),
      checkpoints: new MemoryCheckpointStore(),
      ingress,
    });
    stops.push(() => shopify.stop());

    const ingressUrl = await ingress.listen();
    stops.push(() => ingress.close());
    shop.webhooks.subscribeAll(`${ingressUrl}${WEBHOOK_PATH}`);

    // Backfills run behind the servers: the graph answers at once and fills as they progress.
    const ready = (async () => {
      await Promise.all([shopify.backfill({ mode: 'auto' })]);
      shopify.startIncremental();
      shop.traffic.start();
      // Stopped first on the way out, so no change is made that no one will pick up.
      stops.push(async () => shop.traffic.stop());
      logger.info('demo sources backfilled; live changes are flowing');
    })();
    ready.catch((error: unknown) => logger.error({ err: error }, 'demo backfill failed'));

    return {
      urls: { shopify: shop.graphqlUrl, ingress: ingressUrl },
      ready,
      async stop() {
        await ready.catch(() => undefined);
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
