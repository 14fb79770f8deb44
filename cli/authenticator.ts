import type { EntityManager } from '@mikro-orm/knex';
import { createAuthenticator, type ApiKeyAuthenticate } from '../lib/auth/authenticate';
import { jwtSettingsFrom, jwtVerifier } from '../lib/auth/jwt';
import { scopeNames } from '../lib/auth/scopes';
import type { Config } from '../lib/config';
import { ConfigError } from '../lib/errors';
import { createApiKey, revokeApiKeys, verifyApiKey } from '../store/auth/api-keys';
import type { AuditInput } from '../streams/privacy/audit';

/** The gateway's authenticator: API keys from the store, JWTs when an identity provider is set. */
export function authenticatorFor(config: Config, em: EntityManager): ApiKeyAuthenticate {
  const jwt = jwtSettingsFrom(config);
  return createAuthenticator({
    verifyApiKey: (key) => verifyApiKey(em, key),
    verifyJwt: jwt ? jwtVerifier(jwt) : undefined,
  });
}

/** Processes that talk over HTTP (distributed mode) must share a secret set by the operator. */
export function requireSubgraphSecret(config: Config): string {
  if (!config.PLEXUS_SUBGRAPH_SECRET) {
    throw new ConfigError([
      'PLEXUS_SUBGRAPH_SECRET: required in distributed mode (the same value, at least 32 characters, for the gateway and every subgraph; or PLEXUS_SUBGRAPH_SECRET_FILE)',
    ]);
  }
  return config.PLEXUS_SUBGRAPH_SECRET;
}

/**
 * The demo's key: every scope, made afresh at each start (only its hash is stored, so an old one
 * cannot be shown again), the previous demo keys revoked.
 */
export async function createDemoKey(
  em: EntityManager,
  audit?: (entry: AuditInput) => Promise<unknown>,
): Promise<string> {
  const revoked = await revokeApiKeys(em, demoKeyName);
  const { key, info } = await createApiKey(em, demoKeyName, scopeNames);
  const details = { name: demoKeyName };
  for (const old of revoked) {
    await audit?.({ action: 'api-key.revoked', actor: 'plexus start', subject: old.id, details });
  }
  await audit?.({ action: 'api-key.created', actor: 'plexus start', subject: info.id, details });
  return key;
}

const demoKeyName = 'demo';
