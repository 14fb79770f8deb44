import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { ConfigError } from '../errors';
import { parseScopes, type Caller } from './scopes';

export interface JwtSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** The claim holding the scopes: a space-separated string (OAuth `scope`) or an array (`scp`). */
  scopesClaim: string;
  /** Deadline of one JWKS fetch. */
  timeoutMs?: number;
}

// Asymmetric algorithms only: an identity provider signs with its private key and the JWKS holds
// public keys. `none` and HS* are refused, so a public key can never be used as an HMAC secret.
const algorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];

export type JwtResult = { valid: true; caller: Caller } | { valid: false; reason: string };

function scopesOf(payload: JWTPayload, claim: string): Set<string> {
  // Unknown scopes in a token are ignored: a provider may grant scopes of other applications.
  return new Set(parseScopes(payload[claim]).known);
}

/**
 * Verifies bearer tokens of the user's identity provider: signature against its JWKS (fetched and
 * cached by jose, refetched when an unknown `kid` shows up, at most every 30 s), issuer, audience
 * and expiry. Returns a result object; a bad token never throws.
 */
export function jwtVerifier(settings: JwtSettings): (token: string) => Promise<JwtResult> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: settings.timeoutMs ?? 5_000,
    cooldownDuration: 30_000,
  });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
        requiredClaims: ['exp', 'sub'],
      });
      return {
        valid: true,
        caller: { id: `jwt:${payload.sub}`, scopes: scopesOf(payload, settings.scopesClaim) },
      };
    } catch (error) {
      return { valid: false, reason: error instanceof errors.JOSEError ? error.code : 'invalid' };
    }
  };
}

/** The identity provider of the environment: all three of JWT_ISSUER, _AUDIENCE, _JWKS_URL, or none. */
export function jwtSettingsFrom(config: {
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  JWT_JWKS_URL?: string;
  JWT_SCOPES_CLAIM: string;
}): JwtSettings | undefined {
  const { JWT_ISSUER: issuer, JWT_AUDIENCE: audience, JWT_JWKS_URL: jwksUrl } = config;
  const given = [issuer, audience, jwksUrl].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (!issuer || !audience || !jwksUrl) {
    throw new ConfigError(['JWT_ISSUER, JWT_AUDIENCE and JWT_JWKS_URL: set all three or none']);
  }
  return { issuer, audience, jwksUrl, scopesClaim: config.JWT_SCOPES_CLAIM };
}
