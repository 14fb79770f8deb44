import type { Aggregate } from '../../../store/aggregates';
import { childTables } from '../../../store/aggregates';
import type { Changes, Row } from '../changes';

/**
 * Writes an aggregate whole, as its declaration in store/aggregates.ts lays it out: the parent
 * row, and every child table replaced by the rows given (an empty list deletes that table's rows).
 * Returns the canonical record: the parent with its children under their keys.
 */
export function writeAggregate<P, C extends Record<string, object>>(
  changes: Changes,
  of: Aggregate<P, C>,
  parent: P & Row,
  children: { [K in keyof C]: Array<C[K] & Row> },
): Row {
  changes.upsert(of.schema.meta.className, parent);
  const record: Row = { ...parent };
  for (const table of childTables(of)) {
    const rows = children[table.key as keyof C];
    changes.replaceChildren(table.entity, table.parentProperty, parent.id, rows);
    record[table.key] = rows;
  }
  return record;
}

/** Deletes an aggregate whole: the parent and every child row that names it. */
export function removeAggregate<P, C extends Record<string, object>>(
  changes: Changes,
  of: Aggregate<P, C>,
  id: string,
): void {
  changes.remove(of.schema.meta.className, id);
  for (const table of childTables(of)) {
    changes.replaceChildren(table.entity, table.parentProperty, id, []);
  }
}
