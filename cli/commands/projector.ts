import type { Config } from '../../lib/config';
import { kafkaSecurity } from '../../streams/kafka/security';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { closeORM, initORM } from '../../store/orm';
import { connectStream } from '../../streams/connect';
import { startProjection } from '../../streams/projector/runtime';
import { startHealthServer } from '../health-server';
import { onShutdown } from '../shutdown';

/** `plexus projector`: the distributed projector, from Kafka into the configured store. */
export async function projectorCommand(config: Config): Promise<void> {
  if (!config.KAFKA_BROKERS) {
    throw new ConfigError([
      'KAFKA_BROKERS: required by `plexus projector` (the in-process stream lives only inside `plexus start`)',
    ]);
  }
  const logger = createLogger('projector', config.LOG_LEVEL);
  const db = await initORM(config.DATABASE_URL, { migrate: config.MIGRATE_ON_START });
  const stream = connectStream({
    kafkaBrokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    security: kafkaSecurity(config),
    kafkaSessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  });
  const projection = await startProjection({
    stream,
    orm: db.orm,
    groupId: config.PROJECTOR_GROUP_ID,
    logger,
    namespace: config.TOPIC_NAMESPACE,
    exportsDir: config.PLEXUS_EXPORTS_DIR,
  });
  const health = await startHealthServer({
    host: config.HOST,
    port: config.PROJECTOR_PORT,
    logger,
    ready: () => true,
  });
  logger.info({ groupId: config.PROJECTOR_GROUP_ID }, 'projector running');
  onShutdown(logger, async () => {
    await health.close();
    await projection.stop();
    await stream.close();
    await closeORM();
  });
}
