// What the graph scenarios share: a store of either dialect, a gateway over it, and a client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../../gateway/server';
import { createLogger } from '../../../lib/logger';
import { closeORM, initORM, type Db } from '../../../store/orm';
import { createSubgraphSchemas } from '../../../subgraphs/index';
import { createFreshDatabase } from '../../helpers/postgres';

export const quiet = createLogger('test', process.env.LOG_LEVEL ?? 'silent');

export interface Store {
  db: Db;
  close(): Promise<void>;
}

export type Dialect = 'sqlite' | 'postgresql';

export async function openStore(dialect: Dialect): Promise<Store> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-graph-'));
    const url = `sqlite://${join(dir, 'store.sqlite')}`;
    const db = await initORM(url, { migrate: true });
    return {
      db,
      async close() {
        await closeORM(url);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createFreshDatabase('plexus_graph');
  const db = await initORM(database.url, { migrate: true });
  return {
    db,
    async close() {
      await closeORM(database.url);
      await database.drop();
    },
  };
}

/**
 * The gateway with all four subgraphs in-process (the embedded mode), unless overridden. The graph
 * scenarios check answers, some of them pages of 100 orders that cost more than a client may
 * spend, so their gateway prices queries but does not refuse them; limits.e2e.ts sets its own.
 */
export function startGraph(db: Db, options: GatewayOptions = {}): Promise<RunningGateway> {
  return startGateway({
    port: 0,
    logger: quiet,
    queryLimits: { maxCost: 1_000_000 },
    costBucket: { maximumAvailable: 10_000_000, restoreRate: 1_000_000 },
    ...options,
    subgraphs: { ...createSubgraphSchemas(db.orm.em, { logger: quiet }), ...options.subgraphs },
  });
}

export interface GraphResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function query<T = Record<string, unknown>>(
  url: string,
  source: string,
  variables: Record<string, unknown> = {},
): Promise<GraphResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: source, variables }),
  });
  return (await response.json()) as GraphResponse<T>;
}

/** Counts the SQL statements the store runs while `work` runs. */
export async function countStatements(db: Db, work: () => Promise<unknown>): Promise<number> {
  const knex = db.orm.em.getKnex();
  let count = 0;
  const listener = () => {
    count += 1;
  };
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.off('query', listener);
  }
  return count;
}

export const dialects: { dialect: Dialect; describe: 'always' | 'postgres' }[] = [
  { dialect: 'sqlite', describe: 'always' },
  { dialect: 'postgresql', describe: 'postgres' },
];
