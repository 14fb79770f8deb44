import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Changes, Row } from '../changes';
import { chunksFor } from './chunks';

/**
 * Writes a batch's changes with set-based statements: per table, one delete for removed rows, one
 * delete for replaced children, and multi-row upserts. Parents go before children; ids are sorted
 * so that concurrent writers lock rows in the same order.
 */
export async function writeChanges(em: SqlEntityManager, changes: Changes): Promise<void> {
  for (const [entity, ids] of changes.deletes) {
    for (const chunk of chunksFor([...ids].sort(), 1)) {
      await em.nativeDelete(entity, { id: { $in: chunk } });
    }
  }
  for (const [entity, { parentProperty, parentIds }] of changes.children) {
    for (const chunk of chunksFor([...parentIds].sort(), 1)) {
      await em.nativeDelete(entity, { [parentProperty]: { $in: chunk } });
    }
  }
  for (const [entity, rows] of changes.upserts) await upsertRows(em, entity, [...rows.values()]);
  for (const [entity, { rows }] of changes.children) await upsertRows(em, entity, rows);
}

export async function upsertRows(em: SqlEntityManager, entity: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  // One statement may not touch a row twice (two products claiming one SKU, say): the last wins.
  const unique = new Map(rows.map((row) => [row.id, row]));
  const sorted = [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = sorted[0] ?? {};
  for (const chunk of chunksFor(sorted, Object.keys(first).length)) {
    await em.createQueryBuilder(entity).insert(chunk).onConflict(['id']).merge().execute();
  }
}
