// The SQLite store is private to its user: a new folder 0700, a new file 0600, whatever the umask.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeORM, initORM } from './orm';

describe('a new SQLite store', () => {
  const root = mkdtempSync(join(tmpdir(), 'plexus-modes-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gets a folder only its user can enter and a file only its user can read', async () => {
    const previous = process.umask(0o000);
    const url = `sqlite://${join(root, 'data', 'plexus.sqlite')}`;
    try {
      await initORM(url, { migrate: true });
    } finally {
      process.umask(previous);
      await closeORM(url);
    }
    expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'data', 'plexus.sqlite')).mode & 0o777).toBe(0o600);
  });
});
