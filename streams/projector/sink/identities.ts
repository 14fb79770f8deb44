import type { CanonicalVersion, Customer, CustomerIdentity } from '../../../store/entities';
import type { Changes, Row } from '../changes';
import { identityKeys, resolvePeople, type IdentityFacts, type Person } from '../identity';
import { selectWhereAny, type Bulk } from './bulk';

type IdentityRow = CustomerIdentity & Row;

/**
 * Re-resolves the people around the identities a batch touched, before anything is written:
 * it loads their neighbourhood (old clusters and everyone sharing a key), lays the batch's
 * identity changes over it, and adds to `changes` the customer rows and identity re-pointings that
 * follow. Loading old clusters is what lets a changed email split a person again.
 */
export async function resolveTouchedIdentities(bulk: Bulk, changes: Changes): Promise<void> {
  if (changes.touchedIdentities.size === 0) return;
  const incoming = (changes.upserts.get('CustomerIdentity') ?? new Map()) as Map<
    string,
    IdentityRow
  >;
  const removed = changes.deletes.get('CustomerIdentity') ?? new Set<string>();

  const stored = new Map<string, IdentityRow>();
  const load = async (conditions: Array<{ property: string; values: string[]; and?: string }>) => {
    for (const row of await selectWhereAny<IdentityRow>(bulk, 'CustomerIdentity', conditions)) {
      stored.set(row.id, row);
    }
  };
  await load([{ property: 'id', values: [...changes.touchedIdentities] }]);
  await load([
    { property: 'customerId', values: [...new Set([...stored.values()].map((r) => r.customerId))] },
  ]);

  // Breadth-first over shared keys until the neighbourhood is closed.
  const seen = new Set<string>();
  for (;;) {
    const fresh = overlay(stored, incoming, removed)
      .flatMap(identityKeys)
      .filter((key) => !seen.has(key));
    if (fresh.length === 0) break;
    fresh.forEach((key) => seen.add(key));
    const values = (prefix: string) =>
      fresh.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    await load([
      { property: 'emailNorm', values: values('email:') },
      { property: 'phoneNorm', values: values('phone:') },
      { property: 'shopifyCustomerRef', values: values('shopify:') },
      { property: 'sourceId', values: values('shopify:'), and: `"source" = 'shopify'` },
    ]);
  }

  const current = overlay(stored, incoming, removed);
  const people = resolvePeople(current.map(toFacts));
  // Customers that lost every identity are found among the stored rows' customers.
  const candidates = new Set([...stored.values()].map((row) => row.customerId));
  people.forEach((person) => candidates.add(person.customerId));
  const existing = await selectWhereAny<Customer>(bulk, 'Customer', [
    { property: 'id', values: [...candidates] },
  ]);
  const versions = await selectWhereAny<CanonicalVersion>(bulk, 'CanonicalVersion', [
    { property: 'id', values: [...candidates] },
  ]);
  applyPeople(
    changes,
    people,
    current,
    stored,
    new Map(existing.map((c) => [c.id, c])),
    new Map(versions.map((v) => [v.id, Number(v.version)])),
  );
}

function applyPeople(
  changes: Changes,
  people: Person[],
  identities: IdentityRow[],
  stored: Map<string, IdentityRow>,
  existing: Map<string, Customer>,
  /** The last version published per customer; updated as this batch publishes. */
  published: Map<string, number>,
): void {
  const byId = new Map(identities.map((row) => [row.id, row]));
  const membersBefore = new Map<string, string[]>();
  for (const row of stored.values()) {
    const list = membersBefore.get(row.customerId);
    if (list) list.push(row.id);
    else membersBefore.set(row.customerId, [row.id]);
  }
  const live = new Set<string>();
  for (const person of people) {
    live.add(person.customerId);
    const members = person.identityIds.flatMap((id) => byId.get(id) ?? []);
    for (const row of members) {
      // Incoming rows carry a provisional customer; stored rows move when clusters merge or split.
      if (row.customerId !== person.customerId) {
        changes.upsert('CustomerIdentity', { ...row, customerId: person.customerId });
      }
    }
    const golden = { id: person.customerId, ...person.golden };
    const before = existing.get(person.customerId);
    const previousMembers = (membersBefore.get(person.customerId) ?? []).sort().join();
    if (before && sameGolden(before, golden) && previousMembers === person.identityIds.join()) {
      continue;
    }
    changes.upsert('Customer', golden);
    changes.publish({
      entity: 'customer',
      id: golden.id,
      op: 'upsert',
      version: nextVersion(changes, golden.id, golden.updatedAt.getTime(), published),
      data: {
        ...golden,
        identities: members.map((m) => ({ source: m.source, sourceId: m.sourceId })),
      },
    });
  }
  for (const id of existing.keys()) {
    if (live.has(id)) continue;
    changes.remove('Customer', id);
    const version = nextVersion(changes, id, Date.now(), published);
    changes.publish({ entity: 'customer', id, op: 'delete', version, data: null });
  }
}

/**
 * A merge or a split changes a customer without any of its identities changing, so the newest
 * identity's time alone could repeat a version with other content, or even fall. Consumers keep
 * the highest version per key, so each publication must outrank the last one.
 */
function nextVersion(
  changes: Changes,
  id: string,
  wanted: number,
  published: Map<string, number>,
): number {
  const version = Math.max(wanted, (published.get(id) ?? -1) + 1);
  published.set(id, version);
  changes.upsert('CanonicalVersion', { id, entity: 'customer', version });
  return version;
}

function sameGolden(a: Customer, b: Customer): boolean {
  return (
    a.email === b.email &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.phone === b.phone &&
    a.updatedAt.getTime() === b.updatedAt.getTime()
  );
}

function overlay(
  stored: Map<string, IdentityRow>,
  incoming: Map<string, IdentityRow>,
  removed: Set<string>,
): IdentityRow[] {
  const merged = new Map(stored);
  for (const [id, row] of incoming) merged.set(id, row);
  for (const id of removed) merged.delete(id);
  return [...merged.values()];
}

function toFacts(row: IdentityRow): IdentityFacts {
  return {
    id: row.id,
    source: row.source,
    sourceId: row.sourceId,
    emailNorm: row.emailNorm,
    phoneNorm: row.phoneNorm,
    shopifyCustomerRef: row.shopifyCustomerRef,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    phone: row.phone,
    updatedAt: row.updatedAt,
  };
}
