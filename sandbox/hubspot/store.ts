import { MonotonicClock } from '../toolkit/clock';
import type { Clock } from '../toolkit/rate-limit';
import type { Change, CrmObject, ObjectType } from './model';
import { modifiedProperty, objectTypes } from './model';

// The portal's in-memory CRM. Every mutation stamps the object's modified property and
// `updatedAt` and emits a change, from which webhook events are derived. Deletes archive.
export * from './model';

export class HubStore {
  readonly objects: Record<ObjectType, Map<string, CrmObject>>;
  /** Undirected pairs `${type}:${id}` ↔ `${type}:${id}`. */
  private readonly links = new Map<string, Set<string>>();
  readonly clock: MonotonicClock;
  private nextId = 51;
  private readonly listeners = new Set<(change: Change) => void>();

  constructor(clock: Clock = Date.now) {
    this.clock = new MonotonicClock(clock);
    this.objects = Object.fromEntries(objectTypes.map((t) => [t, new Map()])) as Record<
      ObjectType,
      Map<string, CrmObject>
    >;
  }

  newId(): string {
    this.nextId += 1 + (this.nextId % 7);
    return String(this.nextId);
  }

  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Live (not archived) objects of a type, by numeric id. */
  live(type: ObjectType, archived = false): CrmObject[] {
    return [...this.objects[type].values()]
      .filter((o) => o.archived === archived)
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Seeding: history as it was, no change emitted. */
  load(type: ObjectType, properties: Record<string, string | null>, at: number): CrmObject {
    const id = this.newId();
    const iso = new Date(at).toISOString();
    const object: CrmObject = {
      id,
      properties: {
        ...properties,
        hs_object_id: id,
        createdate: iso,
        [modifiedProperty[type]]: iso,
      },
      createdAt: iso,
      updatedAt: iso,
      archived: false,
    };
    this.objects[type].set(id, object);
    this.clock.advancePast(at);
    return object;
  }

  create(type: ObjectType, properties: Record<string, string | null>, source = 'CRM_UI') {
    const at = this.clock.tick();
    const object = this.load(type, properties, at);
    this.emit({
      type,
      kind: 'creation',
      object,
      changed: [],
      occurredAt: at,
      changeSource: source,
    });
    return object;
  }

  update(
    type: ObjectType,
    id: string,
    patch: Record<string, string | null>,
    source = 'CRM_UI',
  ): CrmObject | undefined {
    const object = this.objects[type].get(id);
    if (!object || object.archived) return undefined;
    const changed = Object.entries(patch).filter(([k, v]) => object.properties[k] !== v);
    const at = this.clock.tick();
    const iso = new Date(at).toISOString();
    Object.assign(object.properties, patch, { [modifiedProperty[type]]: iso });
    object.updatedAt = iso;
    this.emit({
      type,
      kind: 'propertyChange',
      object,
      changed,
      occurredAt: at,
      changeSource: source,
    });
    return object;
  }

  archive(type: ObjectType, id: string, source = 'CRM_UI'): boolean {
    const object = this.objects[type].get(id);
    if (!object || object.archived) return false;
    const at = this.clock.tick();
    object.archived = true;
    object.archivedAt = new Date(at).toISOString();
    object.updatedAt = object.archivedAt;
    this.emit({
      type,
      kind: 'deletion',
      object,
      changed: [],
      occurredAt: at,
      changeSource: source,
    });
    return true;
  }

  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): void {
    const a = `${fromType}:${fromId}`;
    const b = `${toType}:${toId}`;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = this.links.get(x) ?? new Set<string>();
      set.add(y);
      this.links.set(x, set);
    }
  }

  /** Ids of live `toType` objects associated with an object, ascending. */
  associated(fromType: ObjectType, fromId: string, toType: ObjectType): string[] {
    return [...(this.links.get(`${fromType}:${fromId}`) ?? [])]
      .filter((key) => key.startsWith(`${toType}:`))
      .map((key) => key.slice(toType.length + 1))
      .filter((id) => this.objects[toType].get(id)?.archived === false)
      .sort((a, b) => Number(a) - Number(b));
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
