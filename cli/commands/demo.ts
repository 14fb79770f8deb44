import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { connectStream } from '../../streams/connect';
import { onShutdown } from '../shutdown';
import { startDemoFeed } from '../demo-feed';

/** `plexus demo`: publishes the demo history to Kafka, then keeps a trickle of live changes. */
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
  });
  const feed = await startDemoFeed({
    stream,
    seed: config.DEMO_SEED,
    namespace: config.TOPIC_NAMESPACE,
    logger,
  });
  onShutdown(logger, async () => {
    await feed.stop();
    await stream.close();
  });
}
