import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { looksLikeApiKey } from './api-key-secret';
import type { JwtResult } from './jwt';
import type { Caller } from './scopes';

export type AuthResult = { ok: true; caller: Caller } | { ok: false; reason: string };

export type Authenticate = (headers: IncomingHttpHeaders) => Promise<AuthResult>;

/** An authenticator that can be told a key was revoked (gateway/key-revocations.ts tells it). */
export type ApiKeyAuthenticate = Authenticate & {
  /** Drops what is cached for the key with this id, so its next request asks the store. */
  forgetKey(keyId: string): void;
};

/** A key the store found live: its row id (what revocations name) and who presents it. */
export interface VerifiedKey {
  keyId: string;
  caller: Caller;
}

export interface AuthenticatorOptions {
  /** Looks an API key up in the store (store/auth/api-keys.ts). */
  verifyApiKey(key: string): Promise<VerifiedKey | undefined>;
  /** Present when an identity provider is configured (lib/auth/jwt.ts). */
  verifyJwt?: (token: string) => Promise<JwtResult>;
  /**
   * How long a verified key is trusted without asking the store again: scrypt is slow on purpose.
   * Revocations the gateway hears of (forgetKey) end it at once; this is the backstop for one it
   * missed, so it bounds how long a revoked key may still work in a running gateway.
   */
  keyCacheMs?: number;
  now?: () => number;
}

/** The credential of a request: `Authorization: Bearer …`, else `X-Plexus-Key`. */
export function credentialOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  const key = headers['x-plexus-key'];
  return typeof key === 'string' && key.trim() ? key.trim() : undefined;
}

const maxCachedKeys = 1_000;

/** Who is calling: an API key (`plx_…`) or, when configured, a JWT of the identity provider. */
export function createAuthenticator(options: AuthenticatorOptions): ApiKeyAuthenticate {
  const ttl = options.keyCacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  // Keyed by a hash so the cache holds no usable key.
  const verified = new Map<string, { keyId: string; caller: Caller; until: number }>();
  // Counts forgetKey calls: a lookup that was under way when one came may have read the row
  // before the revocation, so what it found is used for its own request but not cached.
  let revocations = 0;

  async function apiKey(key: string): Promise<AuthResult> {
    const id = createHash('sha256').update(key).digest('base64url');
    const hit = verified.get(id);
    if (hit && hit.until > now()) return { ok: true, caller: hit.caller };
    verified.delete(id);
    const revocationsBefore = revocations;
    const found = await options.verifyApiKey(key);
    if (!found) return { ok: false, reason: 'unknown or revoked API key' };
    if (revocations === revocationsBefore) {
      if (verified.size >= maxCachedKeys) verified.delete(verified.keys().next().value as string);
      verified.set(id, { ...found, until: now() + ttl });
    }
    return { ok: true, caller: found.caller };
  }

  const authenticate: Authenticate = async (headers) => {
    const credential = credentialOf(headers);
    if (!credential) return { ok: false, reason: 'missing credentials' };
    if (looksLikeApiKey(credential)) return apiKey(credential);
    if (!options.verifyJwt) return { ok: false, reason: 'not an API key' };
    const result = await options.verifyJwt(credential);
    return result.valid
      ? { ok: true, caller: result.caller }
      : { ok: false, reason: `invalid token (${result.reason})` };
  };
  return Object.assign(authenticate, {
    forgetKey(keyId: string) {
      revocations += 1;
      for (const [id, entry] of verified) if (entry.keyId === keyId) verified.delete(id);
    },
  });
}
