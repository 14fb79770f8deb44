import { runPagedBackfill } from '../../connectors/shopify/backfill';
import { createShopifyClient, type ShopifyClientStats } from '../../connectors/shopify/client';
import type { ConnectorContext } from '../../connectors/shopify/context';
import { MemoryCheckpointStore, type ShopifyConfig } from '../../connectors/shopify';
import type { Logger } from '../../lib/logger';
import type { StreamProducer } from '../../streams/stream';

/**
 * How well a paginated backfill paces itself against Shopify's leaky bucket: run it for a fixed
 * time against a sandbox, then compare the points it spent with the restore rate. The bucket
 * starts full, so the first `capacity` points are a burst the restore rate did not pay for: the
 * sustained figure subtracts what the bucket lost over the run. Shared by `bench:shopify` and the
 * Shopify e2e test, so both report the same quantity.
 */

export interface PacingOptions {
  config: ShopifyConfig;
  producer: StreamProducer;
  namespace: string;
  logger: Logger;
  seconds: number;
  restoreRate: number;
  /** The sandbox bucket's level now (points). */
  bucketLevel: () => number;
}

export interface PacingResult {
  elapsedSeconds: number;
  /** The store was read completely before the time was up. */
  finished: boolean;
  records: number;
  capacity: number;
  drained: number;
  /** Points per second spent, the initial full bucket included. */
  pointsPerSecond: number;
  /** Points per second the restore rate paid for. */
  sustainedPointsPerSecond: number;
  /** `sustainedPointsPerSecond / restoreRate`. */
  restoreRateUse: number;
  stats: ShopifyClientStats;
}

export async function measurePagedPacing(options: PacingOptions): Promise<PacingResult> {
  const client = createShopifyClient({ config: options.config, logger: options.logger });
  const ctx: ConnectorContext = {
    client,
    producer: options.producer,
    checkpoints: new MemoryCheckpointStore(),
    logger: options.logger,
    namespace: options.namespace,
  };
  const capacity = options.bucketLevel();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.seconds * 1_000);
  const started = performance.now();
  let records = 0;
  let finished = false;
  try {
    records = (await runPagedBackfill(ctx, { signal: controller.signal, restart: true })).records;
    finished = true;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  const elapsedSeconds = (performance.now() - started) / 1_000;
  const stats = { ...client.stats };
  const drained = Math.max(0, capacity - options.bucketLevel());
  const sustainedPointsPerSecond = (stats.actualCost - drained) / elapsedSeconds;
  return {
    elapsedSeconds,
    finished,
    records,
    capacity,
    drained,
    pointsPerSecond: stats.actualCost / elapsedSeconds,
    sustainedPointsPerSecond,
    restoreRateUse: sustainedPointsPerSecond / options.restoreRate,
    stats,
  };
}
