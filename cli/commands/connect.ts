import type { Config } from '../../lib/config';
import { kafkaSecurity } from '../../streams/kafka/security';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { connectStream } from '../../streams/connect';
import { openCheckpoints } from '../checkpoints';
import { startConnectors } from '../connectors';
import { startHealthServer } from '../health-server';
import { onShutdown } from '../shutdown';

/**
 * `plexus connect <source...>`: the named sources' connectors against the real vendors, publishing
 * to Kafka. Vendor settings come from the environment. `/health`, `/ready` (each connector's state)
 * and `/metrics` on CONNECT_PORT.
 */
export async function connectCommand(config: Config, sources: string[]): Promise<void> {
  if (!config.KAFKA_BROKERS) {
    throw new ConfigError([
      'KAFKA_BROKERS: required by `plexus connect` (`plexus start` runs connectors in-process)',
    ]);
  }
  const logger = createLogger('connect', config.LOG_LEVEL);
  const stream = connectStream({
    kafkaBrokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-connect`,
    security: kafkaSecurity(config),
  });
  try {
    const checkpoints = openCheckpoints({
      stream,
      namespace: config.TOPIC_NAMESPACE,
      logger: logger.child({ part: 'checkpoints' }),
    });
    const connectors = await startConnectors({
      config,
      stream,
      logger,
      sources,
      checkpoints: checkpoints.forSource,
    });
    const health = await startHealthServer({
      host: config.HOST,
      port: config.CONNECT_PORT,
      logger,
      ready: () => true,
    }).catch(async (error: unknown) => {
      await connectors.stop();
      throw error;
    });
    onShutdown(
      logger,
      async () => {
        await health.close();
        await connectors.stop();
        await stream.close();
      },
      { deadlineMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000 },
    );
  } catch (error) {
    await stream.close();
    throw error;
  }
}
