import { entities } from '../../store/entities';
import type { Orm } from '../../store/orm';

// Bookkeeping that records when, not what: it differs between two correct runs (how often a
// customer was merged and split again on the way depends on the order events arrived in; how far
// a connector's checkpoints got depends on when it stopped).
const EXCLUDED = new Set(['outbox', 'canonical_version', 'connector_checkpoint']);
// The same within a table: a profile's version and time are when it was last recomputed, and the
// customers it absorbed are the merges that happened on the way, which the arrival order decides.
const EXCLUDED_COLUMNS: Record<string, ReadonlySet<string>> = {
  customer_profile: new Set(['version', 'updated_at', 'absorbed_ids']),
};

/**
 * Every table of the store as sorted plain rows, so that two stores can be compared whole with
 * `toEqual`. Values are normalised (numbers and dates as strings) so SQLite and PostgreSQL agree.
 */
export async function dumpStore(orm: Orm): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  const connection = orm.em.getConnection();
  for (const schema of entities) {
    const meta = orm.getMetadata().get(schema.meta.className);
    if (EXCLUDED.has(meta.tableName)) continue;
    const keys = meta.primaryKeys.map((key) => meta.properties[key]?.fieldNames[0] ?? key);
    const rows = await connection.execute<Array<Record<string, unknown>>>(
      `select * from ${quote(meta.tableName)} order by ${keys.map(quote).join(', ')}`,
    );
    const excluded = EXCLUDED_COLUMNS[meta.tableName];
    dump[meta.tableName] = rows.map((row) => normalise(row, excluded));
  }
  return dump;
}

function quote(name: string): string {
  return `"${name}"`;
}

function normalise(
  row: Record<string, unknown>,
  excluded?: ReadonlySet<string>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([key]) => !excluded?.has(key))
      .map(([key, value]) => [
        key,
        value instanceof Date
          ? value.toISOString()
          : typeof value === 'number' || typeof value === 'bigint'
            ? String(value)
            : value,
      ]),
  );
}

/**
 * Where two dumps differ, in words: a table's row count, or its first differing row. Empty when
 * they are equal. A deep-equality failure on a whole store is too large to read.
 */
export function diffDumps(
  actual: Record<string, unknown[]>,
  expected: Record<string, unknown[]>,
): string[] {
  const problems: string[] = [];
  for (const table of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const a = actual[table] ?? [];
    const e = expected[table] ?? [];
    if (a.length !== e.length) problems.push(`${table}: ${a.length} rows, expected ${e.length}`);
    const index = a.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(e[i]));
    if (index !== -1) {
      problems.push(
        `${table}[${index}]: ${JSON.stringify(a[index])} expected ${JSON.stringify(e[index])}`,
      );
    }
  }
  return problems;
}
