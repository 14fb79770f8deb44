import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';
import { groupBy } from '../../lib/group-by';
import { toConnection, type Connection, type Page } from './pagination';
import { afterKey, compareBy, countPerGroup, sortKeyOf, topPerGroup, type Sort } from './sql';

/**
 * How a parent (a canonical customer) owns rows of a child table: through the source ids of its
 * identities, stored in the child's `column` (e.g. orders.customer_source_id).
 */
export interface Ownership<T> {
  entity: EntityName<T>;
  column: keyof T & string;
  sort: Sort<T>;
  /** The source ids each parent owns rows through. */
  sourceIdsOf(parentIds: readonly string[]): Promise<Map<string, string[]>>;
}

/**
 * One page per parent for a whole batch of parents, in one statement: the top first + 1 rows of
 * each source id, merged per parent. (The top rows of a union are among the union of each part's
 * top rows.)
 */
export async function pagesPerParent<T extends object>(
  em: SqlEntityManager,
  ownership: Ownership<T>,
  parentIds: readonly string[],
  page: Page,
  count: (parentId: string) => Promise<number>,
): Promise<Map<string, Connection<T>>> {
  const { entity, column, sort } = ownership;
  const sourceIds = await ownership.sourceIdsOf(parentIds);
  const all = [...new Set([...sourceIds.values()].flat())];
  const owned = { [column]: { $in: all } } as FilterQuery<T>;
  const where = page.after
    ? ({ $and: [owned, afterKey(sort, page.after)] } as FilterQuery<T>)
    : owned;
  const rows =
    all.length > 0 && page.first >= 0
      ? await topPerGroup(em, entity, { where, groupBy: column, sort, limit: page.first + 1 })
      : [];
  const bySource = groupBy(rows, (row) => String(row[column]));
  const compare = compareBy(sort);
  const pages = new Map<string, Connection<T>>();
  for (const parentId of parentIds) {
    const merged = (sourceIds.get(parentId) ?? [])
      .flatMap((sourceId) => bySource.get(sourceId) ?? [])
      .sort(compare);
    pages.set(
      parentId,
      toConnection(
        merged,
        page,
        (row) => sortKeyOf(sort, row),
        () => count(parentId),
      ),
    );
  }
  return pages;
}

/** The total number of rows each parent owns, for a batch of parents in one statement. */
export function countLoader<T extends object>(
  em: SqlEntityManager,
  ownership: Ownership<T>,
): DataLoader<string, number> {
  return new DataLoader<string, number>(async (parentIds) => {
    const sourceIds = await ownership.sourceIdsOf(parentIds);
    const all = [...new Set([...sourceIds.values()].flat())];
    const counts =
      all.length > 0
        ? await countPerGroup(em, ownership.entity, {
            where: { [ownership.column]: { $in: all } } as FilterQuery<T>,
            groupBy: ownership.column,
          })
        : new Map<string, number>();
    return parentIds.map((id) =>
      (sourceIds.get(id) ?? []).reduce((sum, sourceId) => sum + (counts.get(sourceId) ?? 0), 0),
    );
  });
}

/** One page of rows already in memory (a short list, such as a contact's deals). */
export function pageInMemory<T>(rows: readonly T[], sort: Sort<T>, page: Page): Connection<T> {
  const compare = compareBy(sort);
  const sorted = [...rows].sort(compare);
  const after = page.after;
  const rest = after
    ? sorted.filter((row) => compareKeys(sort, sortKeyOf(sort, row), after) > 0)
    : sorted;
  return toConnection(
    rest.slice(0, page.first + 1),
    page,
    (row) => sortKeyOf(sort, row),
    () => Promise.resolve(rows.length),
  );
}

function compareKeys<T>(
  sort: Sort<T>,
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  for (const [i, field] of sort.entries()) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    const order = x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return field.dir === 'asc' ? order : -order;
  }
  return 0;
}
