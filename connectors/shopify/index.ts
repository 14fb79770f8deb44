import type { Logger } from '../../lib/logger';
import type { CallObserver } from '../common/health';
import type { CallPolicy } from '../common/retry';
import type { Stream } from '../../streams/stream';
import { expectedRecords, runPagedBackfill } from './backfill';
import { runBulkBackfill } from './bulk';
import type { CheckpointStore } from '../common/checkpoint';
import { createShopifyClient, type ShopifyClientStats } from './client';
import type { ShopifyConfig } from './config';
import type { ConnectorContext } from './context';
import type { CostBudgetStats } from './cost-budget';
import { Reconciler, type ReconcileOptions, type ReconcileResult } from './incremental';
import type { Ingress } from '../common/ingress';
import { shopifyWebhookRoute, WEBHOOK_PATH } from './webhook-route';
import { WebhookSubscriptions, type SubscriptionStats } from './subscriptions';
import { WEBHOOK_TOPICS, type WebhookTopic } from './topics';
import { createProgress } from '../common/progress';
import type { QueueStats } from '../common/queue';
import { openWebhookIntake } from '../common/webhook-intake';
import { webhookHandler } from './webhook-handler';
import { complianceHandler } from './compliance';

export { loadShopifyConfig, type ShopifyConfig } from './config';
export { MemoryCheckpointStore, type CheckpointStore } from '../common/checkpoint';
export { WEBHOOK_PATH } from './webhook-route';
export { WEBHOOK_TOPICS } from './topics';

/**
 * Webhooks handled at once. Shopify promises no delivery order, and each webhook is either a
 * prompt to re-read the record or an event carrying its own updated_at, which the projector's
 * version gate orders; so nothing is lost by not handling them one by one, and an order's
 * orders/create no longer waits behind the re-reads of every stock level it moved. The client's
 * cost budget still paces the re-reads to Shopify's bucket.
 */
const WEBHOOK_CONCURRENCY = 8;

/**
 * The Shopify connector: backfill (paginated or bulk), webhooks on the ingress, and a periodic
 * reconciliation poll, all publishing `plexus.shopify.*.v1` events through one producer.
 */

export interface BackfillOptions {
  /** `auto` picks bulk above `bulkThreshold` records (by Shopify's counts), else paginated. */
  mode?: 'auto' | 'paged' | 'bulk';
  since?: string;
  restart?: boolean;
  bulkThreshold?: number;
  bulkPollMs?: number;
}

export interface ShopifyConnectorOptions {
  config: ShopifyConfig;
  stream: Stream;
  namespace?: string;
  logger: Logger;
  /** Durable ones from streams/checkpoints; a MemoryCheckpointStore in tests and the demo. */
  checkpoints: CheckpointStore;
  reconcile?: ReconcileOptions;
  /** The connector's health, told every vendor call's outcome. */
  health?: CallObserver;
  /** Timeouts, retries and backoff of the vendor calls (tests shorten them). */
  calls?: CallPolicy;
  /**
   * A shared ingress to add `/webhooks/shopify` to; its owner listens and closes it. Without one
   * the connector runs its own on `config.host:config.ingressPort`.
   */
  ingress?: Ingress;
  /** Pause between subscription checks (default one hour). */
  subscriptionIntervalMs?: number;
}

export interface ShopifyConnectorStats {
  client: ShopifyClientStats;
  budget: CostBudgetStats;
  queue: QueueStats;
  /** Undefined when SHOPIFY_WEBHOOK_ADDRESS is unset (subscriptions are not managed). */
  subscriptions: SubscriptionStats | undefined;
}

export interface ShopifyConnector {
  backfill(options?: BackfillOptions): Promise<{ mode: 'paged' | 'bulk'; records: number }>;
  startIncremental(): void;
  /** One reconciliation pass now (the poll runs these on its interval). */
  reconcile(): Promise<ReconcileResult>;
  /**
   * One pass over the webhook subscriptions now (they are also checked at start and then
   * periodically); undefined when SHOPIFY_WEBHOOK_ADDRESS is unset.
   */
  ensureSubscriptions(): Promise<SubscriptionStats | undefined>;
  /** The ingress this connector's webhooks arrive on. */
  ingress: Ingress;
  stats(): ShopifyConnectorStats;
  stop(): Promise<void>;
}

/** Bulk result files live on Shopify's storage; only a URL on the shop's own host is redirected. */
function downloader(config: ShopifyConfig) {
  return (url: string): Promise<Response> => {
    const parsed = new URL(url);
    if (config.apiUrl && parsed.hostname === config.shop) {
      return fetch(`${config.apiUrl}${parsed.pathname}${parsed.search}`);
    }
    return fetch(url);
  };
}

export async function startShopifyConnector(
  options: ShopifyConnectorOptions,
): Promise<ShopifyConnector> {
  const { config, stream, logger } = options;
  const client = createShopifyClient({
    config,
    logger,
    ...options.calls,
    ...(options.health ? { observer: options.health } : {}),
  });
  const producer = await stream.producer();
  const ctx: ConnectorContext = {
    client,
    producer,
    checkpoints: options.checkpoints,
    logger,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  };
  const reconciler = new Reconciler(ctx, options.reconcile);
  const intake = await openWebhookIntake({
    ingress: options.ingress,
    host: config.host,
    port: config.ingressPort,
    logger,
    source: 'Shopify',
    handle: webhookHandler(ctx),
    concurrency: WEBHOOK_CONCURRENCY,
    route: (queue) =>
      shopifyWebhookRoute({
        secrets: config.webhookSecret,
        queue,
        logger,
        compliance: complianceHandler({ producer, namespace: options.namespace, logger }),
      }),
    onListenError: () => producer.disconnect(),
  });
  const subscriptions = config.webhookAddress
    ? new WebhookSubscriptions({
        client,
        logger,
        topics: Object.keys(WEBHOOK_TOPICS) as WebhookTopic[],
        callbackUrl: `${config.webhookAddress}${WEBHOOK_PATH}`,
        ...(options.subscriptionIntervalMs ? { intervalMs: options.subscriptionIntervalMs } : {}),
      })
    : undefined;
  if (subscriptions) {
    subscriptions.start();
  } else {
    logger.warn(
      { path: WEBHOOK_PATH },
      'Shopify webhook subscriptions are not managed: SHOPIFY_WEBHOOK_ADDRESS is unset, so the ' +
        'ingress gets webhooks only if someone subscribed it by hand',
    );
  }
  logger.info({ shop: config.shop }, 'Shopify connector started');

  return {
    ingress: intake.ingress,
    async backfill(opts = {}) {
      const since = opts.since;
      const total = await expectedRecords(ctx, since);
      const mode =
        opts.mode === 'paged' || opts.mode === 'bulk'
          ? opts.mode
          : total !== undefined && total > (opts.bulkThreshold ?? 2_000)
            ? 'bulk'
            : 'paged';
      const progress = createProgress({ label: `shopify ${mode} backfill` });
      if (total !== undefined) progress.expect(total);
      logger.info({ mode, since, expected: total }, 'Shopify backfill starting');
      const common = {
        ...(since ? { since } : {}),
        ...(opts.restart ? { restart: true } : {}),
        progress,
      };
      try {
        const result =
          mode === 'bulk'
            ? await runBulkBackfill(ctx, {
                ...common,
                download: downloader(config),
                ...(opts.bulkPollMs ? { pollMs: opts.bulkPollMs } : {}),
              })
            : await runPagedBackfill(ctx, common);
        logger.info({ mode, records: result.records }, 'Shopify backfill done');
        return { mode, records: result.records };
      } finally {
        progress.done();
      }
    },
    startIncremental: () => reconciler.start(),
    reconcile: () => reconciler.runOnce(),
    ensureSubscriptions: async () => subscriptions?.ensure(),
    stats: () => ({
      client: client.stats,
      budget: client.budget.stats,
      queue: intake.queue.stats,
      subscriptions: subscriptions?.stats,
    }),
    async stop() {
      // Stop taking webhooks first (a shared ingress is closed by its owner), then finish what
      // was accepted, then let go of the producer.
      await intake.closeIngress();
      await subscriptions?.stop();
      await reconciler.stop();
      await intake.drain();
      await producer.disconnect();
    },
  };
}
