import {
  loadBusinessCentralConfig,
  startBusinessCentralConnector,
} from '../connectors/businesscentral';
import { ConnectorHealth } from '../connectors/common/health';
import { createIngress, type Ingress } from '../connectors/common/ingress';
import type { CallPolicy } from '../connectors/common/retry';
import { supervise, type Supervisor } from '../connectors/common/supervisor';
import { loadHubSpotConfig, startHubSpotConnector } from '../connectors/hubspot';
import { loadQuickBooksConfig, startQuickBooksConnector } from '../connectors/quickbooks';
import { loadShopifyConfig, startShopifyConnector } from '../connectors/shopify';
import type { Config } from '../lib/config';
import { ConfigError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { CheckpointStore } from '../streams/checkpoints/checkpoint-store';
import type { Stream } from '../streams/stream';

/**
 * The vendors' connectors against the real vendors, settings from the environment: each backfills
 * from its checkpoint (resuming, or catching up from its watermark), then follows webhooks on the
 * one ingress and its poll. Each runs under its own supervisor: whatever its vendor answers, it
 * starts again after a capped backoff, and one connector failing never holds up another.
 */

interface ConnectorContext {
  stream: Stream;
  namespace: string;
  logger: Logger;
  ingress: Ingress;
  health: ConnectorHealth;
  calls?: CallPolicy;
  checkpoints: CheckpointStore;
}

/** What `plexus start`, `plexus connect` and the demo need of any vendor's connector. */
export interface RunningConnector {
  backfill(): Promise<unknown>;
  startIncremental(): void | Promise<void>;
  stop(): Promise<void>;
}

/** Backfills (resuming from its checkpoint), then follows changes: webhooks and the poll. */
export async function follow(connector: RunningConnector): Promise<void> {
  await connector.backfill();
  await connector.startIncremental();
}

/**
 * Backfills run behind the servers, so the graph answers at once and fills as they progress. The
 * outcome is logged, unless the work failed because it was being stopped (`stopping()`).
 */
export function inBackground(
  work: Promise<unknown>,
  logger: Logger,
  messages: { done: string; failed: string },
  stopping: () => boolean = () => false,
): { ready: Promise<void>; settled: () => Promise<void> } {
  const ready = work.then(() => logger.info(messages.done));
  ready.catch((error: unknown) => {
    if (!stopping()) logger.error({ err: error }, messages.failed);
  });
  return { ready, settled: () => ready.catch(() => undefined) };
}

interface Vendor {
  /** An environment variable whose presence (or its `_FILE`) means the vendor is configured. */
  marker: string;
  start(ctx: ConnectorContext, env: NodeJS.ProcessEnv): Promise<RunningConnector>;
}

/** Keyed by source name, as the topics and webhook paths are. */
const vendors: Record<string, Vendor> = {
  shopify: {
    marker: 'SHOPIFY_SHOP',
    start: (ctx, env) => startShopifyConnector({ config: loadShopifyConfig(env), ...ctx }),
  },
  erp: {
    marker: 'BC_TENANT_ID',
    start: (ctx, env) =>
      startBusinessCentralConnector({ config: loadBusinessCentralConfig(env), ...ctx }),
  },
  crm: {
    marker: 'HUBSPOT_ACCESS_TOKEN',
    start: (ctx, env) => startHubSpotConnector({ config: loadHubSpotConfig(env), ...ctx }),
  },
  accounting: {
    marker: 'QBO_REALM_ID',
    start: (ctx, env) => startQuickBooksConnector({ config: loadQuickBooksConfig(env), ...ctx }),
  },
};

export const SOURCE_NAMES = Object.keys(vendors);

/** The sources whose settings are in the environment. */
export function configuredSources(env: NodeJS.ProcessEnv = process.env): string[] {
  return SOURCE_NAMES.filter((name) => {
    const marker = vendors[name]?.marker ?? '';
    return Boolean(env[marker] || env[`${marker}_FILE`]);
  });
}

export interface RunningConnectors {
  /** Settles once every backfill is done and incremental sync runs (or on stop). */
  ready: Promise<void>;
  /** Each connector's health, by source name. */
  health: Map<string, ConnectorHealth>;
  stop(): Promise<void>;
}

export async function startConnectors(options: {
  config: Config;
  stream: Stream;
  logger: Logger;
  sources: string[];
  /** Each source's checkpoints, kept with what they cover (cli/checkpoints.ts). */
  checkpoints: (source: string) => CheckpointStore;
  env?: NodeJS.ProcessEnv;
  /** Vendor calls' timeouts and retries, and the pause between reruns (tests shorten them). */
  calls?: CallPolicy;
  rerunBackoff?: { initialMs?: number; maxMs?: number };
}): Promise<RunningConnectors> {
  const { config, stream, logger, sources } = options;
  const unknown = sources.filter((s) => !(s in vendors));
  if (unknown.length) {
    throw new ConfigError(
      unknown.map((s) => `${s}: not a source; choose from ${SOURCE_NAMES.join(', ')}`),
    );
  }
  const ingress = createIngress({ host: config.HOST, port: config.INGRESS_PORT, logger });
  const running: { source: string; connector: RunningConnector; health: ConnectorHealth }[] = [];
  const stopAll = async () => {
    await ingress.close();
    // Independently: one connector's failing stop must not leave the others running.
    const stops = running.splice(0).map(async ({ source, connector, health }) => {
      try {
        await connector.stop();
      } catch (error) {
        logger.error({ source, err: error }, 'connector stop failed');
      } finally {
        health.stopped();
      }
    });
    await Promise.allSettled(stops);
  };
  try {
    for (const source of new Set(sources)) {
      const vendor = vendors[source];
      if (!vendor) continue;
      const child = logger.child({ source });
      const health = new ConnectorHealth({ connector: source, logger: child });
      const ctx: ConnectorContext = {
        stream,
        namespace: config.TOPIC_NAMESPACE,
        logger: child,
        ingress,
        health,
        ...(options.calls ? { calls: options.calls } : {}),
        checkpoints: options.checkpoints(source),
      };
      running.push({
        source,
        health,
        connector: await vendor.start(ctx, options.env ?? process.env),
      });
    }
    await ingress.listen();
  } catch (error) {
    await stopAll();
    throw error;
  }
  const supervisors: Supervisor[] = running.map(({ connector, health }) =>
    supervise({
      health,
      logger: logger.child({ source: health.status().connector }),
      run: () => follow(connector),
      ...(options.rerunBackoff ? { backoff: options.rerunBackoff } : {}),
    }),
  );
  const ready = Promise.all(supervisors.map((s) => s.started)).then(() => {
    if (running.length) logger.info({ sources }, 'connectors backfilled; following changes');
  });
  return {
    ready,
    health: new Map(running.map(({ source, health }) => [source, health])),
    async stop() {
      // No more reruns; then the connectors stop, which ends the work in flight (its calls have
      // timeouts, and the process's shutdown deadline bounds the rest).
      const loops = supervisors.map((s) => s.stop());
      await stopAll();
      await Promise.allSettled(loops);
    },
  };
}
