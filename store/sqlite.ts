import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

// better-sqlite3 ships no types; the pool hook needs only this much of its Database.
interface SqliteConnection {
  pragma(source: string): unknown;
}

type Done = (error: Error | null, connection: SqliteConnection) => void;

/**
 * One connection: SQLite serialises writers anyway, and `:memory:` is a separate database per
 * connection. WAL lets readers (subgraphs in other processes) run beside the projector's writes;
 * the busy timeout makes a second process wait for the write lock instead of failing at once.
 */
export const sqlitePool = {
  min: 1,
  max: 1,
  afterCreate(connection: SqliteConnection, done: Done) {
    try {
      connection.pragma('journal_mode = WAL');
      connection.pragma('busy_timeout = 5000');
      connection.pragma('foreign_keys = ON');
      done(null, connection);
    } catch (error) {
      done(error as Error, connection);
    }
  },
};

/**
 * Creates the store's folder (0700) and file (0600) before SQLite does, so that customers' data is
 * readable by this user only whatever the umask. An existing folder or file is left as it is: it
 * may be shared on purpose (or be /tmp).
 */
export function prepareSqliteFile(path: string): void {
  if (path === ':memory:' || path === '') return;
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
}
