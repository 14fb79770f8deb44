import type { Logger } from '../../lib/logger';
import type { Stream } from '../../streams/stream';
import type { CheckpointStore } from '../common/checkpoint';
import { systemClock, type Clock } from '../common/clock';
import type { CallObserver } from '../common/health';
import type { Ingress } from '../common/ingress';
import type { CallPolicy } from '../common/retry';
import { createProgress } from '../common/progress';
import type { QueueStats } from '../common/queue';
import { openWebhookIntake } from '../common/webhook-intake';
import { runBackfill } from './backfill';
import { createHubSpotClient, type HubSpotClientStats } from './client';
import type { HubSpotConfig } from './config';
import type { ConnectorContext } from './context';
import { Poller, type PollOptions, type PollResult } from './incremental';
import { objectSpecs, type ObjectSpec, type ObjectType } from './objects';
import type { WindowStats } from './search-window';
import { webhookHandler } from './webhook-handler';
import { hubspotWebhookRoute } from './webhook-route';

export { loadHubSpotConfig, SECRET_NAMES, type HubSpotConfig } from './config';
export { MemoryCheckpointStore, type CheckpointStore } from '../common/checkpoint';
export { WEBHOOK_PATH } from './webhook-route';
export { signV3 } from './webhook';

/**
 * The HubSpot connector: a list backfill, webhooks on the ingress (`POST /webhooks/crm`), and a
 * search poll from per-type watermarks, all publishing `plexus.crm.*.v1` through one producer.
 */

export interface HubSpotConnectorOptions {
  config: HubSpotConfig;
  stream: Stream;
  namespace?: string;
  logger: Logger;
  /** Durable ones from streams/checkpoints; a MemoryCheckpointStore in tests and the demo. */
  checkpoints: CheckpointStore;
  poll?: PollOptions;
  /** A shared ingress; without one the connector runs its own on `config.host:ingressPort`. */
  ingress?: Ingress;
  clock?: Clock;
  /** The connector's health, told every vendor call's outcome. */
  health?: CallObserver;
  /** Timeouts, retries and backoff of the vendor calls (tests shorten them). */
  calls?: CallPolicy;
}

export interface HubSpotConnectorStats {
  client: HubSpotClientStats;
  search: WindowStats;
  queue: QueueStats;
}

export interface HubSpotConnector {
  backfill(options?: { restart?: boolean }): Promise<{ records: number; pages: number }>;
  startIncremental(): void;
  /** One search-poll pass now (the poll runs these on its interval). */
  reconcile(): Promise<PollResult>;
  ingress: Ingress;
  stats(): HubSpotConnectorStats;
  stop(): Promise<void>;
}

export async function startHubSpotConnector(
  options: HubSpotConnectorOptions,
): Promise<HubSpotConnector> {
  const { config, stream, logger } = options;
  const clock = options.clock ?? systemClock;
  const client = createHubSpotClient({
    config,
    logger,
    clock,
    ...options.calls,
    ...(options.health ? { observer: options.health } : {}),
  });
  const producer = await stream.producer();
  const specs = Object.fromEntries(
    objectSpecs(
      config.shopifyIdProperty ? { shopifyIdProperty: config.shopifyIdProperty } : {},
    ).map((s) => [s.type, s]),
  ) as Record<ObjectType, ObjectSpec>;
  const ctx: ConnectorContext = {
    client,
    producer,
    checkpoints: options.checkpoints,
    logger,
    clock,
    specs,
    defaultCurrency: config.defaultCurrency,
    ...(config.shopifyIdProperty ? { shopifyIdProperty: config.shopifyIdProperty } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
  };
  const poller = new Poller(ctx, options.poll);
  const intake = await openWebhookIntake({
    ingress: options.ingress,
    host: config.host,
    port: config.ingressPort,
    logger,
    source: 'HubSpot',
    handle: webhookHandler(ctx),
    route: (queue) =>
      hubspotWebhookRoute({
        secret: config.clientSecret,
        ...(config.webhookUrl ? { webhookUrl: config.webhookUrl } : {}),
        queue,
        logger,
        clock,
      }),
    onListenError: () => producer.disconnect(),
  });
  logger.info({ apiUrl: config.apiUrl ?? 'https://api.hubapi.com' }, 'HubSpot connector started');

  return {
    ingress: intake.ingress,
    async backfill(opts = {}) {
      const progress = createProgress({ label: 'hubspot backfill' });
      logger.info('HubSpot backfill starting');
      try {
        const result = await runBackfill(ctx, { ...opts, progress });
        logger.info(result, 'HubSpot backfill done');
        return result;
      } finally {
        progress.done();
      }
    },
    startIncremental: () => poller.start(),
    reconcile: () => poller.runOnce(),
    stats: () => ({ client: client.stats, search: poller.windowStats, queue: intake.queue.stats }),
    async stop() {
      // Stop taking webhooks first (a shared ingress is closed by its owner), finish what was
      // accepted, then let go of the producer.
      await intake.closeIngress();
      await poller.stop();
      await intake.drain();
      await producer.disconnect();
    },
  };
}
