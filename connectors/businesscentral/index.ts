import type { Logger } from '../../lib/logger';
import type { Stream } from '../../streams/stream';
import type { CheckpointStore } from '../common/checkpoint';
import { systemClock, type Clock } from '../common/clock';
import type { HttpClientStats } from '../common/http';
import type { Ingress } from '../common/ingress';
import { createProgress } from '../common/progress';
import type { QueueStats } from '../common/queue';
import { openWebhookIntake } from '../common/webhook-intake';
import type { TokenProviderStats } from './auth';
import { runBackfill, type BackfillResult } from './backfill';
import type { CallObserver } from '../common/health';
import type { CallPolicy } from '../common/retry';
import { createBcClient } from './client';
import type { BusinessCentralConfig } from './config';
import type { BcContext, BcCounters } from './context';
import {
  Poller,
  Reconciler,
  type PollOptions,
  type PollStats,
  type ReconcileResult,
} from './incremental';
import { Lookups } from './lookups';
import { SETS } from './sets';
import { SubscriptionManager, type SubscriptionStats } from './subscriptions';
import { notificationHandler } from './webhook-handler';
import { bcWebhookRoute, WEBHOOK_PATH, type BcRouteStats } from './webhook-route';

export { loadBusinessCentralConfig, SECRET_NAMES, type BusinessCentralConfig } from './config';
export { MemoryCheckpointStore, type CheckpointStore } from '../common/checkpoint';
export { WEBHOOK_PATH } from './webhook-route';

/**
 * The Business Central connector: backfill, webhook subscriptions with their renew loop, and
 * polling by lastModifiedDateTime (on each notification, and periodically), all publishing
 * `plexus.erp.*.v1` events through one producer.
 */

export interface BusinessCentralConnectorOptions {
  config: BusinessCentralConfig;
  stream: Stream;
  namespace?: string;
  logger: Logger;
  /** Durable ones from streams/checkpoints; a MemoryCheckpointStore in tests and the demo. */
  checkpoints: CheckpointStore;
  /**
   * A shared ingress to add `/webhooks/erp` to; its owner listens and closes it. Without one the
   * connector runs its own on `config.host:config.ingressPort`.
   */
  ingress?: Ingress;
  clock?: Clock;
  poll?: PollOptions;
  /** Renew subscriptions this long before they expire (default 1 day of BC's 3). */
  renewBeforeMs?: number;
  /** The connector's health, told every vendor call's outcome. */
  health?: CallObserver;
  /** Timeouts, retries and backoff of the vendor calls (tests shorten them). */
  calls?: CallPolicy;
}

export interface BusinessCentralConnectorStats {
  http: HttpClientStats;
  tokens: TokenProviderStats;
  queue: QueueStats;
  webhooks: BcRouteStats;
  subscriptions: SubscriptionStats;
  polls: PollStats;
  records: BcCounters;
}

export interface BusinessCentralConnector {
  backfill(options?: { since?: string; restart?: boolean }): Promise<BackfillResult>;
  /** Subscribes to notifications (resolves once tried) and starts the periodic poll. */
  startIncremental(): Promise<void>;
  /** One poll of every set now. */
  reconcile(): Promise<ReconcileResult>;
  /** Renews subscriptions that are due now (the renew loop does this on its own). */
  renewSubscriptions(): Promise<void>;
  /** Resolves once accepted notifications are processed and no poll is running. */
  idle(): Promise<void>;
  ingress: Ingress;
  stats(): BusinessCentralConnectorStats;
  stop(): Promise<void>;
}

export async function startBusinessCentralConnector(
  options: BusinessCentralConnectorOptions,
): Promise<BusinessCentralConnector> {
  const { config, stream, logger } = options;
  const clock = options.clock ?? systemClock;
  const client = createBcClient({
    config,
    logger,
    ...(options.clock ? { clock } : {}),
    calls: { ...options.calls, ...(options.health ? { observer: options.health } : {}) },
  });
  const producer = await stream.producer();
  const abort = new AbortController();
  const ctx: BcContext = {
    client,
    producer,
    checkpoints: options.checkpoints,
    logger,
    config,
    lookups: new Lookups(),
    clock,
    counters: { published: 0, invalid: 0, deletes: 0 },
    ...(options.namespace ? { namespace: options.namespace } : {}),
  };
  const poller = new Poller(ctx, options.poll, abort.signal);
  const reconciler = new Reconciler(ctx, poller, config.pollIntervalMs);
  const intake = await openWebhookIntake({
    ingress: options.ingress,
    host: config.host,
    port: config.ingressPort,
    logger,
    source: 'Business Central',
    handle: notificationHandler(ctx, poller),
    route: (queue) =>
      bcWebhookRoute({ secrets: config.webhookSecret, queue, logger, now: clock.now }),
    onListenError: () => producer.disconnect(),
  });
  const { ingress, queue } = intake;
  const subscriptions = new SubscriptionManager({
    client,
    logger,
    clock,
    sets: Object.values(SETS)
      .filter((s) => s.subscribable)
      .map((s) => s.set),
    notificationUrl: () => `${config.notificationUrl ?? ingress.url}${WEBHOOK_PATH}`,
    clientState: config.webhookSecret[0] ?? '',
    ...(options.renewBeforeMs !== undefined ? { renewBeforeMs: options.renewBeforeMs } : {}),
  });
  logger.info(
    { tenant: config.tenantId, company: config.companyId },
    'Business Central connector started',
  );

  return {
    ingress,
    async backfill(opts = {}) {
      const progress = createProgress({ label: 'business central backfill' });
      logger.info({ since: opts.since }, 'Business Central backfill starting');
      try {
        const result = await runBackfill(ctx, { ...opts, progress, signal: abort.signal });
        logger.info(result, 'Business Central backfill done');
        return result;
      } finally {
        progress.done();
      }
    },
    async startIncremental() {
      reconciler.start();
      await subscriptions.start();
    },
    reconcile: () => reconciler.runOnce(),
    renewSubscriptions: () => subscriptions.renewDue(),
    async idle() {
      await queue.idle();
      await poller.idle();
      await queue.idle();
    },
    stats: () => ({
      http: client.http.stats,
      tokens: client.tokens.stats,
      queue: queue.stats,
      webhooks: intake.route.stats,
      subscriptions: subscriptions.stats,
      polls: poller.stats,
      records: ctx.counters,
    }),
    async stop() {
      // Stop taking notifications first (a shared ingress is closed by its owner), then finish
      // what was accepted, then let go of the producer. Subscriptions stay: BC retries
      // deliveries for 36 hours, and a restart adopts them.
      await intake.closeIngress();
      await subscriptions.stop();
      await reconciler.stop();
      await intake.drain();
      abort.abort();
      await poller.idle();
      await producer.disconnect();
    },
  };
}
