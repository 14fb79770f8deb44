// What the graph scenarios share: a store of either dialect, a gateway over it, and a client.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../../gateway/server';
import { credentialOf, type Authenticate } from '../../../lib/auth/authenticate';
import { scopeNames } from '../../../lib/auth/scopes';
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

/** What startGraph's gateways and startSubgraph's subgraphs of a test share. */
export const subgraphSecret = randomBytes(32).toString('hex');

const testCredential = /^test-scopes:([\w:,-]*)$/;

/**
 * The graph tests' callers, without a store round trip that would show in their statement counts:
 * `Bearer test-scopes:a,b` holds scopes a and b. API keys and JWTs have their own tests
 * (test/e2e/access/).
 */
export const testAuthenticate: Authenticate = async (headers) => {
  const match = testCredential.exec(credentialOf(headers) ?? '');
  if (!match) return { ok: false, reason: 'not a test credential' };
  const scopes = (match[1] ?? '').split(',').filter(Boolean);
  return { ok: true, caller: { id: `test:${match[1]}`, scopes: new Set(scopes) } };
};

export const credentialFor = (scopes: readonly string[] = scopeNames) =>
  `test-scopes:${scopes.join(',')}`;

/**
 * The gateway with all four subgraphs in-process (the embedded mode), unless overridden. The graph
 * scenarios check answers, some of them pages of 100 orders that cost more than a client may
 * spend, so their gateway prices queries but does not refuse them; limits.e2e.ts sets its own.
 */
export function startGraph(db: Db, options: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
  return startGateway({
    port: 0,
    logger: quiet,
    authenticate: testAuthenticate,
    subgraphSecret,
    queryLimits: { maxCost: 1_000_000 },
    costBucket: { maximumAvailable: 10_000_000, restoreRate: 1_000_000 },
    ...options,
    subgraphs: { ...createSubgraphSchemas(db.orm.em, { logger: quiet }), ...options.subgraphs },
  });
}

export interface GraphResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** Asks with `credential`: a test caller holding every scope unless told (e.g. an API key). */
export async function query<T = Record<string, unknown>>(
  url: string,
  source: string,
  variables: Record<string, unknown> = {},
  credential: string = credentialFor(),
): Promise<GraphResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${credential}`,
    },
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
