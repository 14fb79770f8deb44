// Checkpoints are never ahead of what is durable. `plexus start` (embedded, DEMO=false) backfills a
// Shopify sandbox into a fresh PostgreSQL store: (a) in a folder where an earlier version left
// `./data/shopify-checkpoints.json` saying the backfill was done, and (b) SIGKILLed at seeded random
// points of its backfill and started again. Each time the store ends up equal to the sandbox.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from '../../../sandbox/shopify';
import { createRng, intBetween } from '../../../sandbox/toolkit/random';
import { closeORM, initORM } from '../../../store/orm';
import { describeWithPostgres } from '../../helpers/infra';
import { waitFor } from '../../helpers/kafka';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/postgres';
import { kill, startPlexus, type StartedPlexus } from './plexus-start';

const SECRET = 'checkpoints_e2e_secret';
const KILLS = 3;

interface Ids {
  orders: string[];
  customers: string[];
  products: string[];
}

const sorted = (ids: Iterable<unknown>) => [...ids].map(String).sort();

function sandboxIds(sandbox: ShopifySandbox): Ids {
  const { store } = sandbox;
  return {
    orders: sorted([...store.orders.values()].map((o) => o.id)),
    customers: sorted([...store.customers.values()].map((c) => c.id)),
    products: sorted([...store.products.values()].map((p) => p.id)),
  };
}

async function storeIds(url: string): Promise<Ids> {
  const sql = (await initORM(url)).orm.em.getConnection();
  const ids = async (query: string) =>
    sorted((await sql.execute<Array<{ id: string }>>(query)).map((row) => row.id));
  return {
    orders: await ids(`select source_id as id from orders`),
    customers: await ids(`select source_id as id from customer_identity where source = 'shopify'`),
    products: await ids(`select source_id as id from product`),
  };
}

const recordCount = (ids: Ids) => ids.orders.length + ids.customers.length + ids.products.length;

describeWithPostgres('checkpoints of plexus start (embedded, DEMO=false)', () => {
  let sandbox: ShopifySandbox;
  let expected: Ids;
  const dirs: string[] = [];
  const databases: FreshDatabase[] = [];
  const running: StartedPlexus[] = [];

  async function freshRun() {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-checkpoints-'));
    dirs.push(dir);
    const database = await createFreshDatabase('plexus_e2e_ckpt');
    databases.push(database);
    const start = () => {
      const plexus = startPlexus({
        cwd: dir,
        databaseUrl: database.url,
        sandbox,
        webhookSecret: SECRET,
      });
      running.push(plexus);
      return plexus;
    };
    return { dir, url: database.url, start };
  }

  /** Until the store holds what the sandbox holds; fails with the process's output if it dies. */
  async function untilEqual(url: string, plexus: StartedPlexus): Promise<void> {
    const warnings = () => running.flatMap((run) => run.warnings()).join('\n');
    try {
      await waitFor(
        async () => {
          if (plexus.child.exitCode !== null) return true;
          expect(await storeIds(url)).toEqual(expected);
          return true;
        },
        { timeoutMs: 180_000, intervalMs: 500 },
      );
    } catch (error) {
      throw new Error(
        `store never equalled the sandbox:\n${plexus.output()}\nwarnings of every run:\n${warnings()}`,
        { cause: error },
      );
    }
    expect(plexus.child.exitCode, plexus.output()).toBeNull();
  }

  beforeAll(async () => {
    sandbox = await startShopifySandbox({
      port: 0,
      seed: 15,
      webhookSecret: SECRET,
      customers: 200,
      products: 80,
      orders: 1_200,
      restoreRate: 1_000,
      // A little latency per request, so the backfill lasts long enough to be killed in.
      knobs: { latencyMs: 40 },
    });
    expected = sandboxIds(sandbox);
  });

  afterAll(async () => {
    await Promise.all(running.map(kill));
    await sandbox?.close();
    for (const database of databases) {
      await closeORM(database.url);
      await database.drop();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('backfills a fresh store in full, whatever checkpoint files an earlier run left', async () => {
    const run = await freshRun();
    // What an earlier version wrote when its backfill (into another store) was done.
    const done = JSON.stringify({ since: null, after: null, done: true });
    const stale = Object.fromEntries(
      ['location', 'product', 'customer', 'order'].flatMap((entity) => [
        [`backfill:paged:${entity}`, done],
        [`backfill:bulk:${entity}`, done],
        [`watermark:${entity}`, new Date().toISOString()],
      ]),
    );
    mkdirSync(join(run.dir, 'data'));
    writeFileSync(join(run.dir, 'data', 'shopify-checkpoints.json'), JSON.stringify(stale));

    const plexus = run.start();
    await untilEqual(run.url, plexus);
    expect(plexus.output()).toMatch(/checkpoint files ignored/);
    await kill(plexus);
  }, 240_000);

  it('ends equal to the sandbox after SIGKILLs at random points of its backfill', async () => {
    const run = await freshRun();
    const rng = createRng(20261202);
    const total = recordCount(expected);
    for (let kills = 0; kills < KILLS; kills++) {
      const plexus = run.start();
      // A point of the backfill, by records stored: each kill lands mid-backfill at any speed.
      // Before the first start the store has no tables: nothing stored.
      const stored = await storeIds(run.url).then(recordCount, () => 0);
      const at = intBetween(rng, Math.min(stored + 1, total - 1), total - 1);
      await waitFor(
        async () => plexus.child.exitCode !== null || recordCount(await storeIds(run.url)) >= at,
        { timeoutMs: 180_000, intervalMs: 20 },
      );
      expect(plexus.child.exitCode, plexus.output()).toBeNull();
      await kill(plexus);
    }
    await untilEqual(run.url, run.start());
  }, 600_000);
});
