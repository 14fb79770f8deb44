import type { Config } from '../../lib/config';
import { startProjection } from '../../streams/projector/runtime';
import { runKafkaWorker } from '../kafka-worker';

/** `plexus projector`: the distributed projector, from Kafka into the configured store. */
export async function projectorCommand(config: Config): Promise<void> {
  await runKafkaWorker(config, {
    command: 'projector',
    port: config.PROJECTOR_PORT,
    async start({ stream, orm, logger }) {
      const projection = await startProjection({
        stream,
        orm,
        groupId: config.PROJECTOR_GROUP_ID,
        logger,
        namespace: config.TOPIC_NAMESPACE,
        exportsDir: config.PLEXUS_EXPORTS_DIR,
      });
      return { stop: () => projection.stop(), running: { groupId: config.PROJECTOR_GROUP_ID } };
    },
  });
}
