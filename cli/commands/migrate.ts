import type { Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { migrate } from '../../store/migrate';
import { closeORM, initORM } from '../../store/orm';

/** `plexus migrate`: applies pending migrations to the configured store and exits. */
export async function migrateCommand(config: Config): Promise<void> {
  const logger = createLogger('migrate', config.LOG_LEVEL);
  const db = await initORM(config.DATABASE_URL);
  await migrate(db.orm);
  logger.info('store is up to date');
  await closeORM();
}
