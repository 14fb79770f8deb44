import { expect, it } from 'vitest';
import pg from 'pg';
import { describeWithPostgres } from './infra';
import { createFreshDatabase, postgresUrl } from './postgres';

describeWithPostgres('postgres helpers against a real server', () => {
  it('creates a usable database of its own and drops it even with a connection open', async () => {
    const db = await createFreshDatabase('helpers');
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => {}); // the forced drop below ends this connection on purpose
    await client.connect();
    await client.query('CREATE TABLE t (id int PRIMARY KEY)');
    await client.query('INSERT INTO t VALUES (1), (2)');
    const { rows } = await client.query<{ db: string; n: string }>(
      'SELECT current_database() AS db, count(*) AS n FROM t',
    );
    expect(rows).toEqual([{ db: db.name, n: '2' }]);

    await db.drop();
    await db.drop(); // idempotent

    const admin = new pg.Client({ connectionString: postgresUrl() });
    await admin.connect();
    try {
      const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.end();
      await client.end().catch(() => {});
    }
  });
});
