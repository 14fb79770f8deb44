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
