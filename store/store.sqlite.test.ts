import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeORM, initORM } from './orm';
import { storeContract } from './store.contract';

describe('store on SQLite (:memory:)', () => {
  storeContract('sqlite', () => 'sqlite://:memory:');
});

describe('store on SQLite (file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-store-'));
  // A missing parent folder (./data on a first start) is created.
  const url = `sqlite://${join(dir, 'nested', 'plexus.sqlite')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  storeContract('sqlite', () => url);

  it('uses WAL, so readers in other processes do not block the projector', async () => {
    const { em } = await initORM(url);
    const [mode] = await em.getConnection().execute('pragma journal_mode');
    expect(mode).toEqual({ journal_mode: 'wal' });
    expect(existsSync(join(dir, 'nested', 'plexus.sqlite'))).toBe(true);
    await closeORM(url);
  });
});
