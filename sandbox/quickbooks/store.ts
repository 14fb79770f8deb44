import { MonotonicClock } from '../toolkit/clock';
import type { Clock } from '../toolkit/rate-limit';
import type { Change, EntityName, Operation, QboEntities, Tombstone } from './model';
import { entityNames } from './model';
import { qboTime } from './time';

// The company's in-memory books. Every write bumps SyncToken and MetaData.LastUpdatedTime and
// emits a change; deletes leave a tombstone for CDC. `updatedMs` keeps the exact instant, since
// the served times have whole seconds only.
export * from './model';

type Tables = { [K in EntityName]: Map<string, QboEntities[K]> };

export class QboStore {
  readonly tables: Tables;
  readonly tombstones: Tombstone[] = [];
  readonly updatedMs = new Map<string, number>();
  readonly clock: MonotonicClock;
  private nextId = 1;
  private readonly listeners = new Set<(change: Change) => void>();

  constructor(clock: Clock = Date.now) {
    this.clock = new MonotonicClock(clock);
    this.tables = Object.fromEntries(entityNames.map((n) => [n, new Map()])) as unknown as Tables;
  }

  /** Ids are per company, numeric strings, rising. */
  newId(): string {
    return String(this.nextId++);
  }

  key(name: EntityName, id: string): string {
    return `${name}:${id}`;
  }

  list<K extends EntityName>(name: K): QboEntities[K][] {
    return [...this.tables[name].values()];
  }

  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Seeding: history as it was, no change emitted. */
  load<K extends EntityName>(name: K, record: QboEntities[K], at: number): void {
    record.MetaData = { CreateTime: qboTime(at), LastUpdatedTime: qboTime(at) };
    this.tables[name].set(record.Id, record);
    this.updatedMs.set(this.key(name, record.Id), at);
    this.clock.advancePast(at);
  }

  create<K extends EntityName>(name: K, record: QboEntities[K]): QboEntities[K] {
    const at = this.clock.tick();
    this.load(name, record, at);
    this.emit({ name, id: record.Id, operation: 'Create', at });
    return record;
  }

  update<K extends EntityName>(
    name: K,
    record: QboEntities[K],
    operation: Operation = 'Update',
  ): QboEntities[K] {
    const at = this.clock.tick();
    record.SyncToken = String(Number(record.SyncToken) + 1);
    record.MetaData.LastUpdatedTime = qboTime(at);
    this.updatedMs.set(this.key(name, record.Id), at);
    this.emit({ name, id: record.Id, operation, at });
    return record;
  }

  delete(name: EntityName, id: string): boolean {
    if (!this.tables[name].delete(id)) return false;
    const at = this.clock.tick();
    this.updatedMs.delete(this.key(name, id));
    this.tombstones.push({ name, Id: id, at });
    this.emit({ name, id, operation: 'Delete', at });
    return true;
  }

  updatedAt(name: EntityName, id: string): number {
    return this.updatedMs.get(this.key(name, id)) ?? 0;
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
