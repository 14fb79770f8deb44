import { createDemoState } from '../demo/state';
import { datasetSummary, generateEvents } from '../demo/dataset';
import { publishEvents } from '../demo/publish';
import { startTrickle } from '../demo/trickle';
import type { Logger } from '../lib/logger';
import type { Stream } from '../streams/stream';

/**
 * The demo's source systems until the sandboxes and connectors feed it: the demo history through
 * the real event path (stream → projector → store), then a trickle of live changes.
 */
export async function startDemoFeed(options: {
  stream: Stream;
  seed: number;
  namespace: string;
  logger: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const { stream, seed, namespace, logger } = options;
  const producer = await stream.producer();
  const state = createDemoState();
  const events = [...generateEvents({ seed }, state)];
  const sent = await publishEvents(producer, events, { namespace });
  logger.info({ events: sent, summary: datasetSummary(events) }, 'demo history published');
  const trickle = startTrickle({
    state,
    seed,
    publish: async (changes) => {
      await publishEvents(producer, changes, { namespace });
    },
    onError: (error) => logger.warn({ err: error }, 'demo live change not published'),
  });
  return {
    async stop() {
      await trickle.stop();
      await producer.disconnect();
    },
  };
}
