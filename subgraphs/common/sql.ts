import { raw, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

/** One column of a sort order. `instant` columns travel in cursors as epoch milliseconds. */
export interface SortField<T> {
  prop: keyof T & string;
  dir: 'asc' | 'desc';
  instant?: boolean;
}

export type Sort<T> = readonly SortField<T>[];

export function sortKeyOf<T>(sort: Sort<T>, row: T): (string | number)[] {
  return sort.map(({ prop, instant }) => {
    const value = row[prop];
    if (instant) return (value as Date).getTime();
    return String(value);
  });
}

/** Compares rows in `sort` order, for merging the pages of several groups in memory. */
export function compareBy<T>(sort: Sort<T>): (a: T, b: T) => number {
  return (a, b) => {
    const ka = sortKeyOf(sort, a);
    const kb = sortKeyOf(sort, b);
    for (const [i, field] of sort.entries()) {
      const x = ka[i] ?? '';
      const y = kb[i] ?? '';
      const order = x < y ? -1 : x > y ? 1 : 0;
      if (order !== 0) return field.dir === 'asc' ? order : -order;
    }
    return 0;
  };
}

export function orderByOf<T>(sort: Sort<T>): QueryOrderMap<T> {
  return Object.fromEntries(sort.map(({ prop, dir }) => [prop, dir])) as QueryOrderMap<T>;
}

/**
 * The rows strictly after `key` in `sort` order: (a > x) or (a = x and b > y) ..., with < for
 * descending columns. An index on the sort columns turns this into a range scan.
 */
export function afterKey<T>(sort: Sort<T>, key: readonly (string | number)[]): FilterQuery<T> {
  const value = (i: number) => {
    const field = sort[i];
    const raw = key[i];
    return field?.instant ? new Date(Number(raw)) : raw;
  };
  const branches = sort.map((field, i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) {
      const before = sort[j];
      if (before) branch[before.prop] = value(j);
    }
    branch[field.prop] = { [field.dir === 'asc' ? '$gt' : '$lt']: value(i) };
    return branch;
  });
  return { $or: branches } as FilterQuery<T>;
}

/** The column that holds `prop` of `entity`, as raw statements must name it. */
export function columnOf<T extends object>(
  em: SqlEntityManager,
  entity: EntityName<T>,
  prop: string,
) {
  const properties: Record<string, { fieldNames: string[] } | undefined> =
    em.getMetadata(entity).properties;
  const column = properties[prop]?.fieldNames[0];
  if (!column) throw new Error(`No column for ${String(entity)}.${prop}`);
  return column;
}

/**
 * The first `limit` rows of every group, in one statement, whatever the number of groups: a
 * window function ranks the rows of each group and the outer query keeps the top ones. This is
 * what lets a list of N customers page their orders with one query instead of N.
 */
export async function topPerGroup<T extends object>(
  em: SqlEntityManager,
  entity: EntityName<T>,
  options: { where: FilterQuery<T>; groupBy: keyof T & string; sort: Sort<T>; limit: number },
): Promise<T[]> {
  const column = (prop: string) => columnOf(em, entity, prop);
  const inner = em.createQueryBuilder(entity).select('*').where(options.where).getKnexQuery();
  const knex = em.getKnex();
  // Directions come from the typed Sort (asc | desc), never from input, so they may be inlined.
  const order = options.sort.map(({ dir }) => `?? ${dir}`).join(', ');
  const columns = options.sort.map(({ prop }) => column(prop));
  inner.rowNumber(
    'plexus_rank',
    knex.raw(`partition by ?? order by ${order}`, [column(options.groupBy), ...columns]),
  );
  const outer = knex
    .select('*')
    .from(inner.as('ranked'))
    .where('plexus_rank', '<=', options.limit)
    .orderByRaw(`?? asc, ${order}`, [column(options.groupBy), ...columns]);
  const rows = await em.execute<Record<string, unknown>[]>(outer);
  return rows.map(({ plexus_rank: _rank, ...row }) => em.map(entity, row as never));
}

/** Counts rows per group in one statement. */
export async function countPerGroup<T extends object>(
  em: SqlEntityManager,
  entity: EntityName<T>,
  options: { where: FilterQuery<T>; groupBy: keyof T & string },
): Promise<Map<string, number>> {
  const rows = await em
    .createQueryBuilder(entity)
    .select([options.groupBy, raw('count(*) as n')])
    .where(options.where)
    .groupBy(options.groupBy)
    .execute<Record<string, unknown>[]>('all', false);
  const column = columnOf(em, entity, options.groupBy);
  return new Map(rows.map((row) => [String(row[column] ?? row[options.groupBy]), Number(row.n)]));
}
