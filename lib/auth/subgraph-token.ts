import { createHash, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Caller } from './scopes';

/**
 * The gateway signs every call to a subgraph with a short-lived HS256 token in this header: the
 * caller's id and scopes, the subgraph it is meant for, and a hash of the exact body sent, under a
 * secret only the gateway and the subgraphs hold. A subgraph answers nothing else, so reaching its
 * port is not enough to read the graph, and the scopes it enforces are the gateway's word.
 */
export const callerTokenHeader = 'x-plexus-caller';

const issuer = 'plexus-gateway';
const lifetimeSeconds = 60;

const bodyHash = (body: string | Uint8Array) =>
  createHash('sha256').update(body).digest('base64url');

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signCallerToken(
  secret: string,
  options: { caller: Caller; subgraph: string; body: string | Uint8Array; now?: Date },
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ scp: [...options.caller.scopes], bh: bodyHash(options.body) })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuer)
    .setAudience(options.subgraph)
    .setSubject(options.caller.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .sign(key(secret));
}

export type CallerTokenResult = { valid: true; caller: Caller } | { valid: false; reason: string };

/** Checks a token against the raw body bytes the subgraph received. */
export async function verifyCallerToken(
  secret: string,
  token: string,
  options: { subgraph: string; body: Uint8Array; now?: Date },
): Promise<CallerTokenResult> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer,
      audience: options.subgraph,
      maxTokenAge: lifetimeSeconds,
      requiredClaims: ['exp', 'iat', 'sub'],
      currentDate: options.now,
    });
    const expected = Buffer.from(String(payload.bh));
    const actual = Buffer.from(bodyHash(options.body));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return { valid: false, reason: 'body does not match its signature' };
    }
    const scopes = Array.isArray(payload.scp)
      ? payload.scp.filter((s) => typeof s === 'string')
      : [];
    return { valid: true, caller: { id: String(payload.sub), scopes: new Set(scopes) } };
  } catch (error) {
    return { valid: false, reason: error instanceof Error ? error.message : 'invalid token' };
  }
}
