import { MonotonicClock } from '../toolkit/clock';
import type { Clock } from '../toolkit/rate-limit';
import type { BcEntities, Change, EntitySet, SalesOrderLine } from './model';
import { entitySets } from './model';

// The company's in-memory state. Every mutation stamps lastModifiedDateTime and emits a change,
// from which webhook notifications are derived. `seq` gives each record a stable position, so
// that OData pages resume exactly after the last row served even while records come and go.
export * from './model';

type Tables = { [K in EntitySet]: Map<string, BcEntities[K]> };

export class BcStore {
  readonly tables: Tables;
  /** Lines by sales order id; served as `salesOrderLines` and by `$expand`. */
  readonly lines = new Map<string, SalesOrderLine[]>();
  readonly clock: MonotonicClock;
  private readonly seqs = new Map<string, number>();
  private nextSeq = 1;
  private readonly listeners = new Set<(change: Change) => void>();

  constructor(
    readonly companyId: string,
    clock: Clock = Date.now,
  ) {
    this.clock = new MonotonicClock(clock);
    const tables: Partial<Record<EntitySet, Map<string, unknown>>> = {};
    for (const set of entitySets) tables[set] = new Map();
    this.tables = tables as Tables;
  }

  stamp(): string {
    return new Date(this.clock.tick()).toISOString();
  }

  seqOf(id: string): number {
    return this.seqs.get(id) ?? 0;
  }

  list<K extends EntitySet>(set: K): BcEntities[K][] {
    return [...this.tables[set].values()];
  }

  get<K extends EntitySet>(set: K, id: string): BcEntities[K] | undefined {
    return this.tables[set].get(id);
  }

  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes history as it was (seeding): no stamp, no notification. */
  load<K extends EntitySet>(set: K, record: BcEntities[K]): void {
    this.put(set, record);
    this.clock.advancePast(Date.parse(record.lastModifiedDateTime));
  }

  upsert<K extends EntitySet>(set: K, record: BcEntities[K]): BcEntities[K] {
    const changeType = this.tables[set].has(record.id) ? 'updated' : 'created';
    record.lastModifiedDateTime = this.stamp();
    this.put(set, record);
    this.emit({
      set,
      changeType,
      id: record.id,
      lastModifiedDateTime: record.lastModifiedDateTime,
    });
    return record;
  }

  delete(set: EntitySet, id: string): boolean {
    if (!this.tables[set].delete(id)) return false;
    this.lines.delete(id);
    this.emit({ set, changeType: 'deleted', id, lastModifiedDateTime: this.stamp() });
    return true;
  }

  private put<K extends EntitySet>(set: K, record: BcEntities[K]): void {
    if (!this.seqs.has(record.id)) this.seqs.set(record.id, this.nextSeq++);
    this.tables[set].set(record.id, record);
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
