import DataLoader from 'dataloader';
import { groupBy } from '../../lib/group-by';

// Keeps one statement's bound parameters well under SQLite's and PostgreSQL's limits.
const MAX_BATCH = 5_000;

/** One row (or null) per key, fetched for the whole batch with one `$in` statement. */
export function rowLoader<K, T>(
  fetch: (keys: readonly K[]) => Promise<T[]>,
  keyOf: (row: T) => K,
): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(
    async (keys) => {
      const byKey = new Map<K, T>();
      // The first row of a key wins, so a fetch's ORDER BY decides which duplicate is kept.
      for (const row of await fetch(keys)) if (!byKey.has(keyOf(row))) byKey.set(keyOf(row), row);
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** All rows per key (possibly none), fetched for the whole batch with one `$in` statement. */
export function groupLoader<K, T>(
  fetch: (keys: readonly K[]) => Promise<T[]>,
  keyOf: (row: T) => K,
): DataLoader<K, T[]> {
  return new DataLoader<K, T[]>(
    async (keys) => {
      const groups = groupBy(await fetch(keys), keyOf);
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * A loader whose keys carry arguments (a page of a connection): the batch is split by the
 * arguments, so that each distinct (first, after) costs one statement for all its parents.
 */
export function argsLoader<Args, V>(
  serialise: (args: Args) => string,
  fetch: (parentIds: readonly string[], args: Args) => Promise<Map<string, V>>,
  fallback: V,
): DataLoader<{ id: string; args: Args }, V, string> {
  return new DataLoader<{ id: string; args: Args }, V, string>(
    async (keys) => {
      const batches = groupBy(keys, (key) => serialise(key.args));
      const results = new Map<string, V>();
      await Promise.all(
        [...batches.values()].map(async (batch) => {
          const first = batch[0];
          if (!first) return;
          const values = await fetch(
            batch.map((key) => key.id),
            first.args,
          );
          for (const key of batch)
            results.set(`${serialise(key.args)}|${key.id}`, values.get(key.id) ?? fallback);
        }),
      );
      return keys.map((key) => results.get(`${serialise(key.args)}|${key.id}`) ?? fallback);
    },
    { cacheKeyFn: (key) => `${serialise(key.args)}|${key.id}`, maxBatchSize: MAX_BATCH },
  );
}
