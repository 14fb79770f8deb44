import type { Changes, Row } from '../changes';
import { bulkDelete, bulkUpsert, deleteOrphans, type Bulk } from './bulk';

/**
 * Writes a batch's changes with set-based statements: per table, one delete for removed rows, one
 * delete for replaced children, and one upsert. Parents go before children. Last, rows whose parent
 * record is deleted go, and so do their canonical upserts: the store and the canonical topics must
 * not disagree.
 */
export async function writeChanges(bulk: Bulk, changes: Changes): Promise<void> {
  for (const [entity, ids] of changes.deletes) await bulkDelete(bulk, entity, 'id', [...ids]);
  for (const [entity, { parentProperty, parentIds }] of changes.children) {
    await bulkDelete(bulk, entity, parentProperty, [...parentIds]);
  }
  for (const [entity, rows] of changes.upserts) await upsertRows(bulk, entity, [...rows.values()]);
  for (const [entity, { rows }] of changes.children) await upsertRows(bulk, entity, rows);
  const orphans = new Set<string>();
  for (const [entity, refs] of changes.dependents) {
    for (const id of await deleteOrphans(bulk, entity, refs)) orphans.add(id);
  }
  if (orphans.size > 0) {
    const kept = changes.canonical.filter((c) => !(c.op === 'upsert' && orphans.has(c.id)));
    changes.canonical.splice(0, changes.canonical.length, ...kept);
  }
}

async function upsertRows(bulk: Bulk, entity: string, rows: Row[]): Promise<void> {
  // One statement may not touch a row twice (two products claiming one SKU, say): the last wins.
  const unique = [...new Map(rows.map((row) => [row.id, row])).values()];
  // Rows in id order, so that concurrent writers lock them in the same order.
  unique.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await bulkUpsert(bulk, entity, unique);
}
