import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { looksLikeApiKey } from './api-key-secret';
import type { JwtResult } from './jwt';
import type { Caller } from './scopes';

export type AuthResult = { ok: true; caller: Caller } | { ok: false; reason: string };

export type Authenticate = (headers: IncomingHttpHeaders) => Promise<AuthResult>;

export interface AuthenticatorOptions {
  /** Looks an API key up in the store (store/auth/api-keys.ts). */
  verifyApiKey(key: string): Promise<Caller | undefined>;
  /** Present when an identity provider is configured (lib/auth/jwt.ts). */
  verifyJwt?: (token: string) => Promise<JwtResult>;
  /**
   * How long a verified key is trusted without asking the store again: scrypt is slow on purpose,
   * and this is also how long a revoked key may still work in a running gateway.
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
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const ttl = options.keyCacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  // Keyed by a hash so the cache holds no usable key.
  const verified = new Map<string, { caller: Caller; until: number }>();

  async function apiKey(key: string): Promise<AuthResult> {
    const id = createHash('sha256').update(key).digest('base64url');
    const hit = verified.get(id);
    if (hit && hit.until > now()) return { ok: true, caller: hit.caller };
    verified.delete(id);
    const caller = await options.verifyApiKey(key);
    if (!caller) return { ok: false, reason: 'unknown or revoked API key' };
    if (verified.size >= maxCachedKeys) verified.delete(verified.keys().next().value as string);
    verified.set(id, { caller, until: now() + ttl });
    return { ok: true, caller };
  }

  return async (headers) => {
    const credential = credentialOf(headers);
    if (!credential) return { ok: false, reason: 'missing credentials' };
    if (looksLikeApiKey(credential)) return apiKey(credential);
    if (!options.verifyJwt) return { ok: false, reason: 'not an API key' };
    const result = await options.verifyJwt(credential);
    return result.valid
      ? { ok: true, caller: result.caller }
      : { ok: false, reason: `invalid token (${result.reason})` };
  };
}
