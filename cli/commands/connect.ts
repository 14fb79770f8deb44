import { createIngress, type Ingress } from '../../connectors/common/ingress';
import {
  loadBusinessCentralConfig,
  startBusinessCentralConnector,
} from '../../connectors/businesscentral';
import { loadHubSpotConfig, startHubSpotConnector } from '../../connectors/hubspot';
import { loadQuickBooksConfig, startQuickBooksConnector } from '../../connectors/quickbooks';
import { loadShopifyConfig, startShopifyConnector } from '../../connectors/shopify';
import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { createLogger, type Logger } from '../../lib/logger';
import { connectStream } from '../../streams/connect';
import type { Stream } from '../../streams/stream';
import { onShutdown } from '../shutdown';

/**
 * `plexus connect <source...>`: the named sources' connectors against the real vendors, publishing
 * to Kafka. Each backfills from its checkpoint (resuming, or catching up from its watermark), then
 * follows webhooks on the one ingress and its poll. Vendor settings come from the environment.
 */

interface ConnectorContext {
  stream: Stream;
  namespace: string;
  logger: Logger;
  ingress: Ingress;
}

interface RunningConnector {
  backfill(): Promise<unknown>;
  startIncremental(): void | Promise<void>;
  stop(): Promise<void>;
}

/** Keyed by source name, as the topics and webhook paths are. */
const connectors: Record<string, (ctx: ConnectorContext) => Promise<RunningConnector>> = {
  shopify: (ctx) => startShopifyConnector({ config: loadShopifyConfig(), ...ctx }),
  erp: (ctx) => startBusinessCentralConnector({ config: loadBusinessCentralConfig(), ...ctx }),
  crm: (ctx) => startHubSpotConnector({ config: loadHubSpotConfig(), ...ctx }),
  accounting: (ctx) => startQuickBooksConnector({ config: loadQuickBooksConfig(), ...ctx }),
};

export const SOURCE_NAMES = Object.keys(connectors);

export async function connectCommand(config: Config, sources: string[]): Promise<void> {
  const unknown = sources.filter((s) => !(s in connectors));
  const problems = [
    ...unknown.map((s) => `${s}: not a source; choose from ${SOURCE_NAMES.join(', ')}`),
    ...(config.KAFKA_BROKERS ? [] : ['KAFKA_BROKERS: required by `plexus connect`']),
  ];
  if (problems.length) throw new ConfigError(problems);

  const logger = createLogger('connect', config.LOG_LEVEL);
  const stream = connectStream({
    kafkaBrokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-connect`,
  });
  const ingress = createIngress({ host: config.HOST, port: config.INGRESS_PORT, logger });
  const running: RunningConnector[] = [];
  const stopAll = async () => {
    await ingress.close();
    for (const connector of running.splice(0).reverse()) await connector.stop();
    await stream.close();
  };
  onShutdown(logger, stopAll);
  try {
    for (const source of new Set(sources)) {
      const start = connectors[source];
      if (!start) continue;
      const ctx = {
        stream,
        namespace: config.TOPIC_NAMESPACE,
        logger: logger.child({ source }),
        ingress,
      };
      running.push(await start(ctx));
    }
    await ingress.listen();
    await Promise.all(
      running.map(async (connector) => {
        await connector.backfill();
        await connector.startIncremental();
      }),
    );
    logger.info({ sources }, 'connectors backfilled; following changes');
  } catch (error) {
    await stopAll();
    throw error;
  }
}
