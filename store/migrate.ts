import type { MikroORM } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { createLogger } from '../lib/logger';

const log = createLogger('store.migrate');

// Any fixed number: every Plexus process that migrates takes this PostgreSQL advisory lock, so two
// processes starting together apply each migration once instead of racing on CREATE TABLE.
const MIGRATION_LOCK = 0x706c6578; // "plex"

/**
 * Applies pending migrations (store/migrations/<dialect>, chosen by the ORM's config) in one
 * transaction, and returns the names applied.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const migrator = orm.getMigrator() as Migrator;
  const connection = orm.em.getConnection();
  const applied =
    orm.em.getPlatform() instanceof PostgreSqlPlatform
      ? await connection.transactional(async (trx) => {
          await connection.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK], 'all', trx);
          return migrator.up({ transaction: trx });
        })
      : // SQLite has one connection, which the migrator's bookkeeping needs outside any transaction
        // of ours; the migrator's own transaction and SQLite's file lock keep writers apart.
        await migrator.up();
  const names = applied.map((migration) => migration.name);
  if (names.length > 0) log.info({ migrations: names }, 'applied migrations');
  return names;
}
