import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { StoredCheckpoints } from '../store/checkpoint/checkpoints';
import type { Orm } from '../store/orm';
import type { CheckpointStore } from '../streams/checkpoints/checkpoint-store';
import { EmbeddedCheckpoints } from '../streams/checkpoints/embedded-checkpoints';
import { KafkaCheckpoints } from '../streams/checkpoints/kafka-checkpoints';
import { AppliedWatermark } from '../streams/checkpoints/watermark';
import { KafkaStream } from '../streams/kafka';
import type { Stream } from '../streams/stream';

/** The files earlier versions kept checkpoints in, one per vendor, under ./data. */
const LEGACY_FILES = ['shopify', 'businesscentral', 'hubspot', 'quickbooks'].map(
  (vendor) => `${vendor}-checkpoints.json`,
);

export interface Checkpoints {
  /** The stream to run on: with the embedded store, one that tells when events are stored. */
  stream: Stream;
  forSource(source: string): CheckpointStore;
  close(): Promise<void>;
}

/**
 * Checkpoints kept with what they cover. With Kafka, in the namespace's checkpoint topic; with the
 * in-process stream, in the store, written once the projector has stored the events before them.
 */
export function openCheckpoints(options: {
  stream: Stream;
  namespace: string;
  logger: Logger;
  /** The embedded mode's store and projector group; required with the in-process stream. */
  store?: { orm: Orm; projectorGroupId: string };
  dataDir?: string;
}): Checkpoints {
  const { stream, namespace, logger, store } = options;
  ignoreLegacyFiles(options.dataDir ?? './data', logger);
  if (stream instanceof KafkaStream) {
    const kafka = new KafkaCheckpoints(stream, namespace, logger);
    return { stream, forSource: (source) => kafka.forSource(source), close: async () => {} };
  }
  if (!store) {
    throw new ConfigError(['KAFKA_BROKERS: connectors without Kafka run inside `plexus start`']);
  }
  const watermark = new AppliedWatermark(stream, store.projectorGroupId);
  const embedded = new EmbeddedCheckpoints(
    new StoredCheckpoints(store.orm, namespace),
    watermark,
    logger,
  );
  return {
    stream: watermark,
    forSource: (source) => embedded.forSource(source),
    close: () => embedded.close(),
  };
}

/**
 * A checkpoint file cannot show which store or namespace it was written for; trusting one made a
 * fresh store skip the backfill. They are ignored, and said to be, once per start.
 */
function ignoreLegacyFiles(dir: string, logger: Logger): void {
  const found = LEGACY_FILES.map((file) => join(dir, file)).filter((path) => existsSync(path));
  if (found.length === 0) return;
  logger.warn(
    { files: found },
    'checkpoint files ignored: checkpoints now live with the data they cover (the store, or the ' +
      'Kafka namespace), since a file cannot tell which store it belongs to; delete these files',
  );
}
