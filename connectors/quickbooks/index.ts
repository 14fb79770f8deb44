import { ConfigError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Stream } from '../../streams/stream';
import type { CheckpointStore } from '../common/checkpoint';
import { systemClock, type Clock } from '../common/clock';
import type { HttpClientStats, RequestBudget } from '../common/http';
import type { Ingress } from '../common/ingress';
import { createProgress } from '../common/progress';
import type { QueueStats } from '../common/queue';
import { openWebhookIntake } from '../common/webhook-intake';
import { runBackfill, type BackfillResult } from './backfill';
import { ChangePoller, type CdcOptions, type CdcResult } from './cdc';
import type { CallObserver } from '../common/health';
import type { CallPolicy } from '../common/retry';
import { createQboClient } from './client';
import type { QuickBooksConfig } from './config';
import { newContext, type PublishCounters } from './context';
import { TokenManager, type TokenStats } from './oauth';
import { PendingChanges } from './pending';
import { FileTokenStore, type TokenStore } from './token-store';
import { webhookHandler } from './webhook-handler';
import { quickBooksWebhookRoute } from './webhook-route';

export { loadQuickBooksConfig, SECRET_NAMES, type QuickBooksConfig } from './config';
export { MemoryCheckpointStore, type CheckpointStore } from '../common/checkpoint';
export { FileTokenStore, MemoryTokenStore, type TokenStore, type StoredToken } from './token-store';
export { WEBHOOK_PATH } from './webhook-route';
export type { CdcOptions, CdcResult } from './cdc';

/**
 * The QuickBooks Online connector: backfill by query, incremental by CDC, webhooks on the ingress
 * (re-read and published), all publishing `plexus.accounting.*.v1` events through one producer,
 * with one OAuth2 token manager (rotating refresh tokens, persisted) and one request budget.
 */

export interface QuickBooksBackfillOptions {
  since?: string;
  restart?: boolean;
  pageSize?: number;
}

export interface QuickBooksConnectorOptions {
  config: QuickBooksConfig;
  stream: Stream;
  namespace?: string;
  logger: Logger;
  /** Durable ones from streams/checkpoints; a MemoryCheckpointStore in tests and the demo. */
  checkpoints: CheckpointStore;
  /** Where the newest refresh token is kept; default a file at `config.tokenFile`. */
  tokens?: TokenStore;
  /**
   * A shared ingress to add `/webhooks/accounting` to; its owner listens and closes it. Without
   * one the connector runs its own on `config.host:config.ingressPort`.
   */
  ingress?: Ingress;
  clock?: Clock;
  /** Overrides the request budget from `config.requestsPerMinute` (tests scale it down). */
  budget?: RequestBudget;
  cdc?: CdcOptions;
  /** The connector's health, told every vendor call's outcome. */
  health?: CallObserver;
  /** Timeouts, retries and backoff of the vendor calls (tests shorten them). */
  calls?: CallPolicy;
}

export interface QuickBooksConnectorStats {
  http: HttpClientStats;
  tokens: TokenStats;
  queue: QueueStats;
  events: PublishCounters;
}

export interface QuickBooksConnector {
  backfill(options?: QuickBooksBackfillOptions): Promise<BackfillResult>;
  /** Starts the CDC poll on `config.pollIntervalMs` (or `cdc.intervalMs`). */
  startIncremental(): void;
  /** One CDC pass now. */
  reconcile(): Promise<CdcResult>;
  ingress: Ingress;
  stats(): QuickBooksConnectorStats;
  stop(): Promise<void>;
}

export async function startQuickBooksConnector(
  options: QuickBooksConnectorOptions,
): Promise<QuickBooksConnector> {
  const { config, stream, logger } = options;
  const clock = options.clock ?? systemClock;
  const store = options.tokens ?? new FileTokenStore(config.tokenFile);
  if (!config.refreshToken && !(await store.load())) {
    throw new ConfigError([
      'QBO_REFRESH_TOKEN: required while the token store holds no refresh token yet',
    ]);
  }
  const tokens = new TokenManager({ config, store, logger, clock });
  const client = createQboClient({
    config,
    tokens,
    logger,
    clock,
    ...(options.budget ? { budget: options.budget } : {}),
    calls: { ...options.calls, ...(options.health ? { observer: options.health } : {}) },
  });
  const producer = await stream.producer();
  const ctx = newContext({
    client,
    producer,
    checkpoints: options.checkpoints,
    logger,
    clock,
    homeCurrency: config.homeCurrency,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  });
  const pending = new PendingChanges();
  const poller = new ChangePoller(ctx, options.cdc);
  const intake = await openWebhookIntake({
    ingress: options.ingress,
    host: config.host,
    port: config.ingressPort,
    logger,
    source: 'QuickBooks',
    handle: webhookHandler(ctx, pending),
    route: (queue) =>
      quickBooksWebhookRoute({
        verifierToken: config.webhookSecret,
        realmId: config.realmId,
        queue,
        logger,
        pending,
      }),
    onListenError: () => producer.disconnect(),
  });
  logger.info({ realmId: config.realmId }, 'QuickBooks connector started');
  const abort = new AbortController();

  return {
    ingress: intake.ingress,
    async backfill(opts = {}) {
      const progress = createProgress({ label: 'quickbooks backfill' });
      logger.info({ since: opts.since }, 'QuickBooks backfill starting');
      try {
        const result = await runBackfill(ctx, {
          ...opts,
          progress,
          signal: abort.signal,
        });
        logger.info({ records: result.records, pages: result.pages }, 'QuickBooks backfill done');
        return result;
      } finally {
        progress.done();
      }
    },
    startIncremental: () => poller.start(options.cdc?.intervalMs ?? config.pollIntervalMs),
    reconcile: () => poller.runOnce(),
    stats: () => ({
      http: client.stats,
      tokens: tokens.stats,
      queue: intake.queue.stats,
      events: ctx.counters,
    }),
    async stop() {
      // Stop taking webhooks first (a shared ingress is closed by its owner), then finish what
      // was accepted, then let go of the producer.
      abort.abort();
      await intake.closeIngress();
      await poller.stop();
      await intake.drain();
      await producer.disconnect();
    },
  };
}
