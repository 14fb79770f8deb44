import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, EntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { createOrmConfig, type Dialect } from './mikro-orm.config';
import { migrate } from './migrate';

/** Either driver: both are SQL drivers, so the query builder and `em.execute` are typed. */
export type Orm = MikroORM<AbstractSqlDriver, EntityManager>;

export interface Db {
  orm: Orm;
  /** The root manager: fork it (`em.fork()`) per unit of work; it refuses global-context use. */
  em: EntityManager;
}

export interface InitOptions {
  /** Apply pending migrations before returning (idempotent). */
  migrate?: boolean;
}

// One ORM per URL per process: each holds a connection pool, and `sqlite://:memory:` must be one
// shared connection to be one database at all.
const cache = new Map<string, Promise<Db>>();

export async function initORM(databaseUrl: string, options: InitOptions = {}): Promise<Db> {
  let pending = cache.get(databaseUrl);
  if (!pending) {
    pending = open(databaseUrl);
    cache.set(databaseUrl, pending);
    // A failed open is not cached, so the next call tries again (the database may be starting).
    const failed = pending;
    failed.catch(() => cache.get(databaseUrl) === failed && cache.delete(databaseUrl));
  }
  const db = await pending;
  if (options.migrate) await migrate(db.orm);
  return db;
}

async function open(databaseUrl: string): Promise<Db> {
  const orm = await MikroORM.init(createOrmConfig(databaseUrl));
  return { orm, em: orm.em };
}

/** Closes the ORM of one URL, or of every URL when none is given. */
export async function closeORM(databaseUrl?: string): Promise<void> {
  const urls = databaseUrl === undefined ? [...cache.keys()] : [databaseUrl];
  await Promise.all(
    urls.map(async (url) => {
      const pending = cache.get(url);
      cache.delete(url);
      const db = await pending?.catch(() => undefined);
      await db?.orm.close(true);
    }),
  );
}

export function dialect(orm: MikroORM): Dialect {
  return orm.em.getPlatform() instanceof PostgreSqlPlatform ? 'postgresql' : 'sqlite';
}
