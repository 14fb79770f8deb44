// Tests that need PostgreSQL get a database of their own, so parallel files never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function postgresUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('postgres')) {
    throw new Error(
      'DATABASE_URL is not a postgres:// URL: wrap the suite in describeWithPostgres()',
    );
  }
  return url;
}

export interface FreshDatabase {
  name: string;
  url: string;
  /** Drops the database, ending any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

export async function createFreshDatabase(prefix = 'plexus_test'): Promise<FreshDatabase> {
  const serverUrl = postgresUrl();
  // Unquoted-identifier style and within PostgreSQL's 63-byte limit.
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(-63);
  await withClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    drop: () =>
      withClient(serverUrl, (client) =>
        // FORCE (PostgreSQL 13+) terminates leftover connections, e.g. a pool a test forgot to close.
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
