/**
 * npm run bench:flows — the flows' latency in the embedded mode (in-process stream, SQLite), over
 * the vendor sandboxes on real HTTP and the real connectors: the same path `plexus start` runs.
 *
 * Stock: --changes ERP stock changes (default 60), one at a time with a pause between them, each
 * a receipt or a count at a random (SKU, warehouse). The latency is from the ERP's change to
 * Shopify's `available` showing the computed channel quantity: BC's notification window, the
 * connector's poll, the projector, the canonical topic, the flow's run and its
 * inventorySetQuantities call. Prints p50 and p99.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../lib/logger';
import { closeORM, initORM } from '../store/orm';
import { MemoryStream } from '../streams/memory';
import { startProjection } from '../streams/projector/runtime';
import { createRng, intBetween, pick } from '../sandbox/toolkit/random';
import { startStockScenario } from '../test/e2e/flows-stock/scenario';
import { fmt, percentile } from './stats';

const { values } = parseArgs({
  options: {
    changes: { type: 'string', default: '60' },
    'pause-ms': { type: 'string', default: '100' },
  },
});
const changes = Number(values.changes);
const pauseMs = Number(values['pause-ms']);
for (const [name, value] of Object.entries({ changes, pauseMs })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
}
const logger = createLogger('bench-flows', process.env.LOG_LEVEL ?? 'warn');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stock(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-flows-'));
  const url = `sqlite://${join(dir, 'plexus.sqlite')}`;
  const db = await initORM(url, { migrate: true });
  const stream = new MemoryStream({ logger });
  const namespace = 'bench';
  const projection = await startProjection({
    stream,
    orm: db.orm,
    groupId: 'bench-projector',
    logger,
    namespace,
  });
  const s = await startStockScenario({ stream, orm: db.orm, namespace, logger, products: 30 });
  try {
    const levels = [...s.shop.store.inventoryLevels.values()];
    const deadline = Date.now() + 120_000;
    while (s.outOfLine().length > 0) {
      if (Date.now() > deadline) throw new Error('the initial sync did not finish in 2 minutes');
      await sleep(100);
    }
    await s.settle();
    const initial = [...s.writes];
    const initialQuantities = initial.reduce((n, w) => n + w.input.quantities.length, 0);
    const initialStale = initial.filter((w) => !w.applied).length;
    const rng = createRng(5);
    const latencies: number[] = [];
    for (let i = 0; i < changes; i += 1) {
      const level = pick(rng, levels);
      const sku = s.variantOf(level).sku;
      const onHand = Math.max(
        0,
        s.erpStock(sku, level.locationId).onHand + intBetween(rng, -5, 12),
      );
      const shown = level.quantities.available;
      const started = performance.now();
      s.setErpOnHand(sku, level.locationId, onHand);
      const want = s.expected(level);
      // A change that leaves the channel quantity as it was calls for no write: not measured.
      if (want === shown) continue;
      while (level.quantities.available !== want) {
        if (performance.now() - started > 60_000) throw new Error(`${sku} never arrived`);
        await sleep(2);
      }
      latencies.push(performance.now() - started);
      await sleep(pauseMs);
    }
    const moved = latencies.length;
    console.log(`stock → channels (embedded: in-process stream, SQLite; sandboxes over HTTP)`);
    console.log(`    levels                  ${fmt(levels.length)} (SKU × location)`);
    console.log(
      `    initial sync            ${fmt(initial.length)} inventorySetQuantities calls (${fmt(initialStale)} refused as stale) carrying ${fmt(initialQuantities)} quantities`,
    );
    console.log(`    ERP changes measured    ${fmt(moved)} of ${fmt(changes)}`);
    console.log(
      `    ERP change → Shopify    p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(Math.max(...latencies))} ms`,
    );
  } finally {
    await s.stop();
    await projection.stop();
    await stream.close();
    await closeORM(url);
    rmSync(dir, { recursive: true, force: true });
  }
}

await stock();
