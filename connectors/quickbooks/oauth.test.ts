import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startQuickBooksSandbox } from '../../sandbox/quickbooks';
import { refresh } from '../../sandbox/quickbooks/testing';
import { FakeClock, quietLogger } from '../../test/doubles/testkit';
import { TokenManager } from './oauth';
import { sandboxConfig } from '../../test/doubles/quickbooks';
import { FileTokenStore, MemoryTokenStore } from './token-store';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function sandbox() {
  const sb = await startQuickBooksSandbox({ port: 0, customers: 1, invoices: 0 });
  cleanup.push(sb.close);
  return sb;
}

describe('QuickBooks OAuth2 with rotating refresh tokens', () => {
  it('single-flights concurrent refreshes and saves the rotated token before using it', async () => {
    const sb = await sandbox();
    const first = sb.refreshTokens.newest;
    const saved: string[] = [];
    const store = new MemoryTokenStore();
    const save = store.save.bind(store);
    store.save = async (token) => {
      // The sandbox has issued this token but nobody may have used it yet.
      expect(token.refreshToken).toBe(sb.refreshTokens.newest);
      saved.push(token.refreshToken);
      await save(token);
    };
    const manager = new TokenManager({ config: sandboxConfig(sb), store, logger: quietLogger() });
    const bearers = await Promise.all(Array.from({ length: 10 }, () => manager.bearer()));
    expect(new Set(bearers).size).toBe(1);
    expect(manager.stats).toMatchObject({ refreshes: 1, joined: 9 });
    expect(saved).toEqual([sb.refreshTokens.newest]);
    expect(saved[0]).not.toBe(first);
    // 401s from many requests at once renew once.
    await Promise.all(Array.from({ length: 5 }, () => manager.onUnauthorized()));
    expect(manager.stats.refreshes).toBe(1);
  });

  it('renews ahead of expiry, and a restart continues from the stored token, not the config', async () => {
    const sb = await sandbox();
    const configToken = sb.refreshTokens.newest;
    const dir = await mkdtemp(join(tmpdir(), 'plexus-qbo-'));
    const path = join(dir, 'nested', 'token.json');
    const clock = new FakeClock();
    clock.t = Date.now();
    const config = sandboxConfig(sb);
    const a = new TokenManager({
      config,
      store: new FileTokenStore(path),
      logger: quietLogger(),
      clock,
    });
    const t1 = await a.bearer();
    expect(await a.bearer()).toBe(t1);
    clock.t += 3_300_000; // 55 min: inside the last tenth of the hour
    const t2 = await a.bearer();
    expect(t2).not.toBe(t1);
    expect(a.stats.refreshes).toBe(2);
    // The config's token has been superseded twice: dead.
    expect((await refresh(sb, configToken)).status).toBe(400);
    const file = JSON.parse(await readFile(path, 'utf8')) as { refreshToken: string };
    expect(file.refreshToken).toBe(sb.refreshTokens.newest);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'nested'))).toEqual(['token.json']);
    const b = new TokenManager({ config, store: new FileTokenStore(path), logger: quietLogger() });
    expect(await b.bearer()).toMatch(/\S/);
    expect(b.stats.refreshes).toBe(1);
  });

  it('names the cure when the refresh token is dead, and the missing one', async () => {
    const sb = await sandbox();
    const config = sandboxConfig(sb, { QBO_REFRESH_TOKEN: 'AB11-not-a-token' });
    const dead = new TokenManager({ config, store: new MemoryTokenStore(), logger: quietLogger() });
    await expect(dead.bearer()).rejects.toMatchObject({
      code: 'QBO_INVALID_GRANT',
      message: expect.stringContaining('Re-authorise'),
    });
    const { refreshToken: _omit, ...none } = config;
    const empty = new TokenManager({
      config: none,
      store: new MemoryTokenStore(),
      logger: quietLogger(),
    });
    await expect(empty.bearer()).rejects.toMatchObject({ code: 'QBO_NO_REFRESH_TOKEN' });
  });

  it('retries the token endpoint on 5xx and refuses a wrong client at once', async () => {
    const sb = await sandbox();
    const wrong = sandboxConfig(sb, { QBO_CLIENT_SECRET: 'nope' });
    const refused = new TokenManager({
      config: wrong,
      store: new MemoryTokenStore(),
      logger: quietLogger(),
    });
    await expect(refused.bearer()).rejects.toMatchObject({ code: 'QBO_TOKEN_REFUSED' });
    const unreachable = sandboxConfig(sb, { QBO_TOKEN_URL: 'http://127.0.0.1:1/token' });
    const clock = new FakeClock();
    const down = new TokenManager({
      config: unreachable,
      store: new MemoryTokenStore(),
      logger: quietLogger(),
      clock,
      attempts: 3,
    });
    await expect(down.bearer()).rejects.toMatchObject({
      code: 'QBO_TOKEN_UNAVAILABLE',
      retriable: true,
    });
    expect(clock.sleeps).toEqual([500, 1000]);
  });
});
