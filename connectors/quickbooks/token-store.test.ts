import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTokenStore } from './token-store';

describe('FileTokenStore', () => {
  it('has nothing before the first save, then the last one saved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plexus-qbo-store-'));
    const store = new FileTokenStore(join(dir, 'token.json'));
    expect(await store.load()).toBeUndefined();
    await Promise.all(
      ['r1', 'r2', 'r3'].map((r) =>
        store.save({ refreshToken: r, savedAt: new Date().toISOString() }),
      ),
    );
    expect((await store.load())?.refreshToken).toBe('r3');
  });

  it('refuses a torn or foreign file with a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plexus-qbo-store-'));
    const path = join(dir, 'token.json');
    await writeFile(path, '{"refreshTok');
    await expect(new FileTokenStore(path).load()).rejects.toThrow(/not JSON/);
    await writeFile(path, '{"token":"x"}');
    await expect(new FileTokenStore(path).load()).rejects.toThrow(/no usable refreshToken/);
  });
});
