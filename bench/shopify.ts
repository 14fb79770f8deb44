/**
 * npm run bench:shopify — the Shopify connector against the sandbox on Standard limits (restore
 * 100 points/s, bucket 2,000), over real HTTP, publishing to the in-process MemoryStream (no Kafka).
 *
 * (a) Paginated backfill for --seconds (default 30): points/s spent (the client's actualCost over
 *     the elapsed time) against the restore rate, and the THROTTLED responses (must be 0). The
 *     bucket starts full, so the first 2,000 points are a burst the restore rate did not pay for:
 *     the sustained figure subtracts what the bucket lost over the run.
 * (b) Bulk-operation backfill of --orders orders (default 5,000): records/s.
 *
 * The paged run is cut at the deadline with an AbortSignal (test/helpers/shopify-pacing.ts, which
 * the e2e test shares).
 */
import { parseArgs } from 'node:util';
import {
  loadShopifyConfig,
  MemoryCheckpointStore,
  startShopifyConnector,
  type ShopifyConfig,
} from '../connectors/shopify';
import { createLogger } from '../lib/logger';
import { startShopifySandbox, type ShopifySandbox } from '../sandbox/shopify';
import { MemoryStream } from '../streams/memory';
import { measurePagedPacing } from '../test/helpers/shopify-pacing';
import { fmt } from './stats';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    orders: { type: 'string', default: '5000' },
    'restore-rate': { type: 'string', default: '100' },
  },
});
const seconds = Number(values.seconds);
const orders = Number(values.orders);
const restoreRate = Number(values['restore-rate']);
for (const [name, value] of Object.entries({ seconds, orders, restoreRate })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
}
const logger = createLogger('bench-shopify', process.env.LOG_LEVEL ?? 'warn');

function configFor(sb: ShopifySandbox): ShopifyConfig {
  return loadShopifyConfig({
    SHOPIFY_SHOP: sb.shopDomain,
    SHOPIFY_ACCESS_TOKEN: sb.accessToken,
    SHOPIFY_WEBHOOK_SECRET: 'bench_webhook_secret',
    SHOPIFY_API_VERSION: sb.apiVersion,
    SHOPIFY_API_URL: sb.url,
    INGRESS_PORT: '0',
  });
}

async function pagedForFixedTime(): Promise<void> {
  // Big enough that a paged read cannot finish within the time box.
  const sb = await startShopifySandbox({ port: 0, orders: 20_000, customers: 2_000, restoreRate });
  const stream = new MemoryStream();
  const producer = await stream.producer();
  const r = await measurePagedPacing({
    config: configFor(sb),
    producer,
    namespace: 'bench',
    logger,
    seconds,
    restoreRate,
    bucketLevel: () => sb.bucket.available(),
  });
  const { stats } = r;
  console.log(
    `(a) paginated backfill, ${fmt(r.elapsedSeconds, 1)} s${r.finished ? ' (store finished)' : ''}`,
  );
  console.log(
    `    restore rate            ${fmt(restoreRate)} points/s (bucket ${fmt(r.capacity)})`,
  );
  console.log(`    points spent            ${fmt(stats.actualCost)} (actualQueryCost summed)`);
  console.log(
    `    points/s achieved       ${fmt(r.pointsPerSecond, 1)} = ${fmt((100 * r.pointsPerSecond) / restoreRate, 1)}% of the restore rate (incl. the initial bucket)`,
  );
  console.log(
    `    sustained points/s      ${fmt(r.sustainedPointsPerSecond, 1)} = ${fmt(100 * r.restoreRateUse, 1)}% of the restore rate (minus ${fmt(r.drained)} points the bucket lost)`,
  );
  console.log(`    requests                ${fmt(stats.requests)}, retries ${fmt(stats.retries)}`);
  console.log(`    THROTTLED responses     ${fmt(stats.throttled)}`);
  if (r.finished) console.log(`    records                 ${fmt(r.records)}`);
  if (stats.throttled > 0) {
    console.log(
      `    FAIL: ${fmt(stats.throttled)} THROTTLED response(s); the cost budget must prevent them`,
    );
    process.exitCode = 1;
  }
  await producer.disconnect();
  await stream.close();
  await sb.close();
}

async function bulk(): Promise<void> {
  const sb = await startShopifySandbox({ port: 0, orders, restoreRate });
  const stream = new MemoryStream();
  const connector = await startShopifyConnector({
    config: configFor(sb),
    stream,
    namespace: 'bench',
    logger,
    checkpoints: new MemoryCheckpointStore(),
  });
  try {
    const started = performance.now();
    const result = await connector.backfill({ mode: 'bulk', bulkPollMs: 100 });
    const elapsed = (performance.now() - started) / 1_000;
    const stats = connector.stats().client;
    console.log(`(b) bulk-operation backfill of ${fmt(sb.store.orders.size)} orders`);
    console.log(
      `    records                 ${fmt(result.records)} (customers, orders, products, locations, levels)`,
    );
    console.log(`    elapsed                 ${fmt(elapsed, 2)} s`);
    console.log(`    records/s               ${fmt(result.records / elapsed)}`);
    console.log(
      `    requests                ${fmt(stats.requests)}, THROTTLED ${fmt(stats.throttled)}`,
    );
  } finally {
    await connector.stop();
    await stream.close();
    await sb.close();
  }
}

await pagedForFixedTime();
await bulk();
