import type { OptionalProps } from '@mikro-orm/core';
import { EntitySchema } from '@mikro-orm/core';
import { text, timestamp, timestampOrNull, uuid } from '../common/columns';

/**
 * An API key. Only a scrypt hash of its secret is kept (lib/auth/api-key-secret.ts); the prefix,
 * unique, finds the row. A revoked key stays, so `keys list` can show who had access and when.
 */
export interface ApiKey {
  [OptionalProps]?: 'createdAt' | 'revokedAt' | 'lastUsedAt';
  id: string;
  name: string;
  prefix: string;
  hash: string;
  salt: string;
  /** Space-separated scope names (lib/auth/scopes.ts). */
  scopes: string;
  createdAt: Date;
  revokedAt?: Date | null;
  lastUsedAt?: Date | null;
}

export const ApiKey = new EntitySchema<ApiKey>({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: { ...uuid(), primary: true },
    name: text(),
    prefix: { ...text(), unique: true },
    hash: text(),
    salt: text(),
    scopes: text(),
    createdAt: { ...timestamp(), onCreate: () => new Date() },
    revokedAt: timestampOrNull(),
    lastUsedAt: timestampOrNull(),
  },
});
