import type { Config } from '../lib/config';
import { closeORM, initORM, type Db } from '../store/orm';

/** The store for one short command (`keys`, `flows list`), closed whatever the work's outcome. */
export async function withStore(config: Config, work: (db: Db) => Promise<void>): Promise<void> {
  const db = await initORM(config.DATABASE_URL, { migrate: config.MIGRATE_ON_START });
  try {
    await work(db);
  } finally {
    await closeORM();
  }
}
