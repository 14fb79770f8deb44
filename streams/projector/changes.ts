/**
 * What one batch does to the store, gathered in memory by the mappers before anything is written,
 * so that each table gets one set-based statement per kind of change, whatever the batch size.
 */

import type { CanonicalEntity } from '../../schema/events';

export type Row = { id: string } & Record<string, unknown>;

export interface CanonicalChange {
  entity: CanonicalEntity;
  id: string;
  op: 'upsert' | 'delete';
  version: number;
  data: Record<string, unknown> | null;
}

export interface ChildReplacement {
  /** The child entity's property that points at the parent, e.g. `orderId`. */
  parentProperty: string;
  parentIds: Set<string>;
  rows: Row[];
}

/** A record in some source, as `applied_version` keys it. */
export interface RecordRef {
  source: string;
  entity: string;
  sourceId: string;
}

export class Changes {
  readonly upserts = new Map<string, Map<string, Row>>();
  readonly deletes = new Map<string, Set<string>>();
  readonly children = new Map<string, ChildReplacement>();
  /** Identities written or deleted: identity resolution recomputes their neighbourhoods. */
  readonly touchedIdentities = new Set<string>();
  readonly canonical: CanonicalChange[] = [];
  /** Rows that live only while another record does, by entity: row id → that record. */
  readonly dependents = new Map<string, Map<string, RecordRef>>();

  upsert(entity: string, row: Row): void {
    let rows = this.upserts.get(entity);
    if (!rows) this.upserts.set(entity, (rows = new Map()));
    rows.set(row.id, row);
  }

  remove(entity: string, id: string): void {
    let ids = this.deletes.get(entity);
    if (!ids) this.deletes.set(entity, (ids = new Set()));
    ids.add(id);
  }

  /** Replaces every child row of `parentId` with `rows` (lines of an order, say). */
  replaceChildren(entity: string, parentProperty: string, parentId: string, rows: Row[]): void {
    let replacement = this.children.get(entity);
    if (!replacement) {
      replacement = { parentProperty, parentIds: new Set(), rows: [] };
      this.children.set(entity, replacement);
    }
    replacement.parentIds.add(parentId);
    replacement.rows.push(...rows);
  }

  /**
   * `id` of `entity` lives only while `parent` does: once the batch is written, it is dropped if
   * the parent is deleted. A mapper cannot see that itself (it reads nothing), and an event for
   * the row may arrive after the parent's delete, since the two are on different topics.
   */
  dependsOn(entity: string, id: string, parent: RecordRef): void {
    let refs = this.dependents.get(entity);
    if (!refs) this.dependents.set(entity, (refs = new Map()));
    refs.set(id, parent);
  }

  publish(change: CanonicalChange): void {
    this.canonical.push(change);
  }
}
