// The identity provider's tokens against a JWKS served on loopback: only a well-signed token of the
// right issuer and audience, within its lifetime, is accepted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate';
import { jwtSettingsFrom, jwtVerifier } from './jwt';

const issuer = 'https://idp.example.test/';
const audience = 'plexus';

describe('JWT verification', () => {
  let server: Server;
  let jwksUrl: string;
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;
  let verify: ReturnType<typeof jwtVerifier>;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'known', alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    verify = jwtVerifier({ issuer, audience, jwksUrl, scopesClaim: 'scope' });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (
    claims: JWTPayload,
    options: { key?: CryptoKey; kid?: string; expiresIn?: string | number } = {},
  ) =>
    new SignJWT({ scope: 'customers:read pii:read other-app:write', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'known' })
      .setIssuer(String(claims.iss ?? issuer))
      .setAudience(String(claims.aud ?? audience))
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? signingKey);

  it('accepts a valid token, with the known scopes of its claim', async () => {
    const result = await verify(await sign({}));
    expect(result).toEqual({
      valid: true,
      caller: { id: 'jwt:user-1', scopes: new Set(['customers:read', 'pii:read']) },
    });
  });

  it('refuses an expired token, a wrong audience or issuer, alg none and an unknown kid', async () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: issuer, aud: audience, sub: 'user-1', exp: now + 300, scope: 'admin' })}.`;
    const cases: Record<string, string> = {
      expired: await sign({}, { expiresIn: now - 60 }),
      'wrong audience': await sign({ aud: 'someone-else' }),
      'wrong issuer': await sign({ iss: 'https://evil.example.test/' }),
      'alg none': unsigned,
      'unknown kid': await sign({}, { key: strangerKey, kid: 'stranger' }),
      'known kid, other key': await sign({}, { key: strangerKey }),
    };
    const authenticate = createAuthenticator({
      verifyApiKey: async () => undefined,
      verifyJwt: verify,
    });
    for (const [name, token] of Object.entries(cases)) {
      expect((await verify(token)).valid, name).toBe(false);
      const result = await authenticate({ authorization: `Bearer ${token}` });
      expect(result.ok, name).toBe(false);
    }
  });

  it('takes its settings from the environment: all three or none', () => {
    const base = { JWT_SCOPES_CLAIM: 'scp' };
    expect(jwtSettingsFrom(base)).toBeUndefined();
    expect(() => jwtSettingsFrom({ ...base, JWT_ISSUER: issuer })).toThrow(/all three or none/);
    expect(
      jwtSettingsFrom({
        ...base,
        JWT_ISSUER: issuer,
        JWT_AUDIENCE: audience,
        JWT_JWKS_URL: 'http://x/',
      }),
    ).toEqual({ issuer, audience, jwksUrl: 'http://x/', scopesClaim: 'scp' });
  });
});
