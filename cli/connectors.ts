import {
  loadBusinessCentralConfig,
  startBusinessCentralConnector,
} from '../connectors/businesscentral';
import { createIngress, type Ingress } from '../connectors/common/ingress';
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
 * one ingress and its poll.
 */

interface ConnectorContext {
  stream: Stream;
  namespace: string;
  logger: Logger;
  ingress: Ingress;
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
 * outcome is logged; shutdown waits for it (`settled`) before it stops what the work uses.
 */
export function inBackground(
  work: Promise<unknown>,
  logger: Logger,
  messages: { done: string; failed: string },
): { ready: Promise<void>; settled: () => Promise<void> } {
  const ready = work.then(() => logger.info(messages.done));
  ready.catch((error: unknown) => logger.error({ err: error }, messages.failed));
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
  /** Settles once every backfill is done and incremental sync runs. */
  ready: Promise<void>;
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
}): Promise<RunningConnectors> {
  const { config, stream, logger, sources } = options;
  const unknown = sources.filter((s) => !(s in vendors));
  if (unknown.length) {
    throw new ConfigError(
      unknown.map((s) => `${s}: not a source; choose from ${SOURCE_NAMES.join(', ')}`),
    );
  }
  const ingress = createIngress({ host: config.HOST, port: config.INGRESS_PORT, logger });
  const running: RunningConnector[] = [];
  const stopAll = async () => {
    await ingress.close();
    for (const connector of running.splice(0).reverse()) await connector.stop();
  };
  try {
    for (const source of new Set(sources)) {
      const vendor = vendors[source];
      if (!vendor) continue;
      const ctx = {
        stream,
        namespace: config.TOPIC_NAMESPACE,
        logger: logger.child({ source }),
        ingress,
        checkpoints: options.checkpoints(source),
      };
      running.push(await vendor.start(ctx, options.env ?? process.env));
    }
    await ingress.listen();
  } catch (error) {
    await stopAll();
    throw error;
  }
  const { ready, settled } = inBackground(
    Promise.all(running.map(follow)),
    logger.child({ sources }),
    { done: 'connectors backfilled; following changes', failed: 'connector backfill failed' },
  );
  return {
    ready,
    async stop() {
      await settled();
      await stopAll();
    },
  };
}
