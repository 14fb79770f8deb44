import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import {
  generateApiKey,
  hashSecret,
  parseApiKey,
  verifySecret,
} from '../../lib/auth/api-key-secret';
import type { VerifiedKey } from '../../lib/auth/authenticate';
import { parseScopes, type Scope } from '../../lib/auth/scopes';
import { ApiKey } from './api-key.entity';

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const info = (row: ApiKey): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: parseScopes(row.scopes).known,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt ?? null,
  lastUsedAt: row.lastUsedAt ?? null,
});

/** Creates a key; the returned `key` is the only time its secret exists outside the caller. */
export async function createApiKey(
  root: EntityManager,
  name: string,
  scopes: readonly Scope[],
): Promise<{ key: string; info: ApiKeyInfo }> {
  const { key, prefix, secret } = generateApiKey();
  const { hash, salt } = await hashSecret(secret);
  const em = root.fork();
  const row = em.create(ApiKey, {
    id: randomUUID(),
    name,
    prefix,
    hash,
    salt,
    scopes: [...new Set(scopes)].join(' '),
    createdAt: new Date(),
  });
  await em.persistAndFlush(row);
  return { key, info: info(row) };
}

export async function listApiKeys(root: EntityManager): Promise<ApiKeyInfo[]> {
  const rows = await root.fork().find(ApiKey, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return rows.map(info);
}

/** Revokes the keys with this id, prefix or name; returns those that were live. */
export async function revokeApiKeys(root: EntityManager, idOrName: string): Promise<ApiKeyInfo[]> {
  const em = root.fork();
  const rows = await em.find(ApiKey, {
    $or: [{ id: idOrName }, { prefix: idOrName }, { name: idOrName }],
    revokedAt: null,
  });
  for (const row of rows) row.revokedAt = new Date();
  await em.flush();
  return rows.map(info);
}

/** The key and caller a presented key stands for; undefined when malformed, unknown or revoked. */
export async function verifyApiKey(
  root: EntityManager,
  presented: string,
  now: () => Date = () => new Date(),
): Promise<VerifiedKey | undefined> {
  const parsed = parseApiKey(presented);
  if (!parsed) return undefined;
  const em = root.fork();
  const row = await em.findOne(ApiKey, { prefix: parsed.prefix, revokedAt: null });
  if (!row || !(await verifySecret(parsed.secret, row.hash, row.salt))) return undefined;
  await em.nativeUpdate(ApiKey, { id: row.id }, { lastUsedAt: now() });
  return {
    keyId: row.id,
    caller: { id: `key:${row.name}:${row.prefix}`, scopes: new Set(parseScopes(row.scopes).known) },
  };
}
