import { describe } from 'vitest';
import { describeWithPostgres } from './infra';
import { createFreshDatabase } from './postgres';

/** A store to run a contract on: its URL, and how to throw it away afterwards. */
export type OpenStore = () => Promise<{ url: string; drop(): Promise<void> }>;

/**
 * Runs a store contract on both databases: SQLite in memory, and a fresh PostgreSQL database of its
 * own where DATABASE_URL names a server (see describeWithPostgres for what happens where not).
 */
export function describeOnEachDatabase(
  name: string,
  contract: (open: OpenStore) => void,
  prefix = 'plexus_test',
): void {
  describe(`${name} on SQLite`, () => {
    contract(async () => ({ url: 'sqlite://:memory:', drop: async () => {} }));
  });
  describeWithPostgres(`${name} on PostgreSQL`, () => {
    contract(async () => {
      const database = await createFreshDatabase(prefix);
      return { url: database.url, drop: () => database.drop() };
    });
  });
}
