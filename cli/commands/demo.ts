import type { Config } from '../../lib/config';
import { kafkaSecurity } from '../../streams/kafka/security';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { connectStream } from '../../streams/connect';
import { onShutdown } from '../shutdown';
import { startDemoSources } from '../demo-sources';

/**
 * `plexus demo`: the demo's source systems for the distributed mode: the vendor sandboxes and the
 * real connectors, publishing to Kafka.
 */
export async function demoCommand(config: Config): Promise<void> {
  if (!config.KAFKA_BROKERS) {
    throw new ConfigError([
      'KAFKA_BROKERS: required by `plexus demo` (`plexus start` has its own stream)',
    ]);
  }
  const logger = createLogger('demo', config.LOG_LEVEL);
  const stream = connectStream({
    kafkaBrokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-demo`,
    security: kafkaSecurity(config),
  });
  const sources = await startDemoSources({ config, stream, logger });
  onShutdown(logger, async () => {
    await sources.stop();
    await stream.close();
  });
}
