import { describe, expect, it } from 'vitest';
import { createAuthenticator, type VerifiedKey } from './authenticate';

const keyOf = (n: number) => `plx_${String(n).padStart(12, 'A')}_${'A'.repeat(43)}`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A store double: which keys are live, and how many lookups were made. */
function keyStore() {
  const live = new Map<string, string>(); // key → key id
  let lookups = 0;
  let gate: Promise<void> | undefined;
  return {
    live,
    lookups: () => lookups,
    /** Holds lookups until the returned function is called. */
    hold(): () => void {
      let release = () => {};
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
    async verify(key: string): Promise<VerifiedKey | undefined> {
      lookups += 1;
      const keyId = live.get(key);
      await gate;
      return keyId ? { keyId, caller: { id: keyId, scopes: new Set() } } : undefined;
    },
  };
}

describe('createAuthenticator key cache', () => {
  it('asks the store again after forgetKey, and only for the forgotten key', async () => {
    const store = keyStore();
    store.live.set(keyOf(1), 'k1').set(keyOf(2), 'k2');
    const authenticate = createAuthenticator({
      verifyApiKey: (key) => store.verify(key),
      keyCacheMs: 3_600_000,
    });
    expect((await authenticate(bearer(keyOf(1)))).ok).toBe(true);
    expect((await authenticate(bearer(keyOf(2)))).ok).toBe(true);
    store.live.delete(keyOf(1));
    // Still cached: the store is not asked.
    expect((await authenticate(bearer(keyOf(1)))).ok).toBe(true);
    expect(store.lookups()).toBe(2);

    authenticate.forgetKey('k1');
    expect(await authenticate(bearer(keyOf(1)))).toEqual({
      ok: false,
      reason: 'unknown or revoked API key',
    });
    expect((await authenticate(bearer(keyOf(2)))).ok).toBe(true);
    expect(store.lookups()).toBe(3);
  });

  it('does not cache what a lookup under way during a revocation found', async () => {
    const store = keyStore();
    store.live.set(keyOf(1), 'k1');
    const authenticate = createAuthenticator({
      verifyApiKey: (key) => store.verify(key),
      keyCacheMs: 3_600_000,
    });
    const release = store.hold();
    // The lookup reads the row while the key is live; the revocation arrives before it returns.
    const inFlight = authenticate(bearer(keyOf(1)));
    store.live.delete(keyOf(1));
    authenticate.forgetKey('k1');
    release();
    expect((await inFlight).ok).toBe(true);
    expect((await authenticate(bearer(keyOf(1)))).ok).toBe(false);
  });

  it('still expires a key nobody said was revoked after keyCacheMs', async () => {
    const store = keyStore();
    store.live.set(keyOf(1), 'k1');
    let now = 0;
    const authenticate = createAuthenticator({
      verifyApiKey: (key) => store.verify(key),
      keyCacheMs: 1_000,
      now: () => now,
    });
    expect((await authenticate(bearer(keyOf(1)))).ok).toBe(true);
    store.live.delete(keyOf(1));
    now = 999;
    expect((await authenticate(bearer(keyOf(1)))).ok).toBe(true);
    now = 1_000;
    expect((await authenticate(bearer(keyOf(1)))).ok).toBe(false);
  });
});
