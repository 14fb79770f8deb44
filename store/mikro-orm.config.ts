import { fileURLToPath } from 'node:url';
import type { Options } from '@mikro-orm/core';
import type { AbstractSqlDriver, EntityManager } from '@mikro-orm/knex';
import { defineConfig as postgresql } from '@mikro-orm/postgresql';
import { defineConfig as sqlite } from '@mikro-orm/better-sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrations as postgresqlMigrations } from './migrations/postgresql/index';
import { migrations as sqliteMigrations } from './migrations/sqlite/index';
import { prepareSqliteFile, sqlitePool } from './sqlite';

export type Dialect = 'postgresql' | 'sqlite';
/** Either driver, typed as what both are: SQL drivers (query builder, `em.execute`). */
export type OrmOptions = Options<AbstractSqlDriver, EntityManager>;

export const dialectOf = (url: string): Dialect =>
  url.startsWith('sqlite:') ? 'sqlite' : 'postgresql';

// Listed, not globbed: runs the same under tsx, vitest and a bundle, with no ts-node detection.
const migrations = (dialect: Dialect) => ({
  path: fileURLToPath(new URL(`./migrations/${dialect}`, import.meta.url)),
  migrationsList: dialect === 'sqlite' ? sqliteMigrations : postgresqlMigrations,
  snapshot: false,
  silent: true,
});

/** `postgres://…` / `postgresql://…` → PostgreSQL; `sqlite://<path>` or `sqlite://:memory:`. */
export function createOrmConfig(databaseUrl: string): OrmOptions {
  const dialect = dialectOf(databaseUrl);
  const common = { entities, extensions: [Migrator], migrations: migrations(dialect) };
  if (dialect === 'sqlite') {
    const dbName = databaseUrl.slice('sqlite://'.length);
    // The parent folder (./data on a first start) is made here, private, not by the driver.
    prepareSqliteFile(dbName);
    return sqlite({ ...common, dbName, pool: sqlitePool });
  }
  // Two cores: a few connections keep PostgreSQL busy; more would only queue inside it.
  return postgresql({ ...common, clientUrl: databaseUrl, pool: { min: 0, max: 4 } });
}
