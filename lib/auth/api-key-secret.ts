import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * API keys look like `plx_<prefix>_<secret>`. The prefix is stored in the clear so a key is found
 * with one indexed lookup; only a scrypt hash of the secret is stored, so a copy of the database
 * does not hand out working keys.
 */
const keyPattern = /^plx_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

// OWASP's scrypt minimum (N=2^17, r=8, p=1) costs 128 MiB and ~0.3 s per check; keys are random
// 256-bit secrets, not passwords, so a cheaper setting loses nothing to guessing.
const params: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const hashLength = 32;

export interface ParsedKey {
  prefix: string;
  secret: string;
}

export function parseApiKey(value: string): ParsedKey | undefined {
  const match = keyPattern.exec(value);
  return match ? { prefix: match[1] as string, secret: match[2] as string } : undefined;
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('plx_');
}

/** A new key: the full text (shown once) and its prefix. */
export function generateApiKey(): { key: string; prefix: string; secret: string } {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { key: `plx_${prefix}_${secret}`, prefix, secret };
}

function derive(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, hashLength, params, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashSecret(secret: string): Promise<{ hash: string; salt: string }> {
  const salt = randomBytes(16);
  return { hash: (await derive(secret, salt)).toString('base64'), salt: salt.toString('base64') };
}

export async function verifySecret(secret: string, hash: string, salt: string): Promise<boolean> {
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(secret, Buffer.from(salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
