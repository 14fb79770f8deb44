import type { Config } from '../lib/config';
import { ConfigError } from '../lib/errors';
import { createLogger, type Logger } from '../lib/logger';
import { closeORM, initORM, type Orm } from '../store/orm';
import { connectStream } from '../streams/connect';
import { kafkaSecurity } from '../streams/kafka/security';
import type { Stream } from '../streams/stream';
import { startHealthServer } from './health-server';
import { onShutdown } from './shutdown';

export interface StartedWork {
  stop(): Promise<void>;
  /** What the `<command> running` line logs. */
  running: Record<string, unknown>;
}

/**
 * A distributed command that consumes Kafka into the store (`plexus projector`, `plexus flows`):
 * the store and the stream, /health and /metrics on its port, and on a signal the health server
 * first (so an orchestrator stops routing to it), then the work, then the stream and the store.
 */
export async function runKafkaWorker(
  config: Config,
  worker: {
    command: string;
    port: number;
    start(parts: { stream: Stream; orm: Orm; logger: Logger }): Promise<StartedWork>;
  },
): Promise<void> {
  if (!config.KAFKA_BROKERS) {
    throw new ConfigError([
      `KAFKA_BROKERS: required by \`plexus ${worker.command}\` (the in-process stream lives only inside \`plexus start\`)`,
    ]);
  }
  const logger = createLogger(worker.command, config.LOG_LEVEL);
  const db = await initORM(config.DATABASE_URL, { migrate: config.MIGRATE_ON_START });
  const stream = connectStream({
    kafkaBrokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    security: kafkaSecurity(config),
    kafkaSessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  });
  const work = await worker.start({ stream, orm: db.orm, logger });
  const health = await startHealthServer({
    host: config.HOST,
    port: worker.port,
    logger,
    ready: () => true,
  });
  logger.info(work.running, `${worker.command} running`);
  onShutdown(logger, async () => {
    await health.close();
    await work.stop();
    await stream.close();
    await closeORM();
  });
}
