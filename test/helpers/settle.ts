import type { QueueStats } from '../../connectors/common/queue';
import { waitFor } from './kafka';
import { groupIdOf, waitForCatchUp } from './projection';

/**
 * Webhooks delivered and processed, and the projector caught up with what was published: the
 * point at which an e2e test may compare the store with the sandbox.
 */
export async function settleWebhooks(options: {
  /** How long the sandbox may hold changes before it sends them (its batching window). */
  batchWindowMs?: number;
  deliveries: { idle(): Promise<void> };
  queue: () => QueueStats;
  namespace: string;
}): Promise<void> {
  if (options.batchWindowMs) {
    await new Promise((resolve) => setTimeout(resolve, options.batchWindowMs));
  }
  await options.deliveries.idle();
  await waitFor(
    () => {
      const q = options.queue();
      return q.depth === 0 && q.processed + q.failed >= q.enqueued;
    },
    { timeoutMs: 30_000, intervalMs: 50 },
  );
  await waitForCatchUp(options.namespace, groupIdOf(options.namespace), { timeoutMs: 60_000 });
}
