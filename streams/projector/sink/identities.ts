import type { SqlEntityManager } from '@mikro-orm/knex';
import { Customer, CustomerIdentity } from '../../../store/entities';
import type { Changes, Row } from '../changes';
import { identityKeys, resolvePeople, type IdentityFacts, type Person } from '../identity';
import { chunksFor } from './chunks';

type IdentityRow = CustomerIdentity & Row;

/**
 * Re-resolves the people around the identities a batch touched, before anything is written:
 * it loads their neighbourhood (old clusters and everyone sharing a key), lays the batch's
 * identity changes over it, and adds to `changes` the customer rows and identity re-pointings that
 * follow. Loading old clusters is what lets a changed email split a person again.
 */
export async function resolveTouchedIdentities(em: SqlEntityManager, changes: Changes): Promise<void> {
  if (changes.touchedIdentities.size === 0) return;
  const incoming = (changes.upserts.get('CustomerIdentity') ?? new Map()) as Map<string, IdentityRow>;
  const removed = changes.deletes.get('CustomerIdentity') ?? new Set<string>();

  const stored = new Map<string, IdentityRow>();
  const load = async (where: object) => {
    for (const row of await em.find(CustomerIdentity, where, { disableIdentityMap: true })) {
      stored.set(row.id, row as IdentityRow);
    }
  };
  await loadIn(load, 'id', [...changes.touchedIdentities]);
  const oldCustomers = new Set([...stored.values()].map((row) => row.customerId));
  await loadIn(load, 'customerId', [...oldCustomers]);

  // Breadth-first over shared keys until the neighbourhood is closed.
  const seen = new Set<string>();
  for (;;) {
    const current = overlay(stored, incoming, removed);
    const fresh = current.flatMap(identityKeys).filter((key) => !seen.has(key));
    if (fresh.length === 0) break;
    fresh.forEach((key) => seen.add(key));
    await loadByKeys(load, fresh);
  }

  const current = overlay(stored, incoming, removed);
  const people = resolvePeople(current.map(toFacts));
  // Customers that lost every identity are found among the stored rows' customers.
  const candidates = new Set([...stored.values()].map((row) => row.customerId));
  people.forEach((person) => candidates.add(person.customerId));
  const existing = await em.find(
    Customer,
    { id: { $in: [...candidates] } },
    { disableIdentityMap: true },
  );
  applyPeople(changes, people, current, stored, new Map(existing.map((c) => [c.id, c])));
}

function applyPeople(
  changes: Changes,
  people: Person[],
  identities: IdentityRow[],
  stored: Map<string, IdentityRow>,
  existing: Map<string, Customer>,
): void {
  const byId = new Map(identities.map((row) => [row.id, row]));
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
    const membersBefore = [...stored.values()]
      .filter((row) => row.customerId === person.customerId)
      .map((row) => row.id)
      .sort();
    if (!before || !sameGolden(before, golden) || membersBefore.join() !== person.identityIds.join()) {
      changes.upsert('Customer', golden);
      changes.publish({
        entity: 'customer',
        id: golden.id,
        op: 'upsert',
        version: golden.updatedAt.getTime(),
        data: {
          ...golden,
          identities: members.map((m) => ({ source: m.source, sourceId: m.sourceId })),
        },
      });
    }
  }
  for (const id of existing.keys()) {
    if (live.has(id)) continue;
    changes.remove('Customer', id);
    changes.publish({ entity: 'customer', id, op: 'delete', version: Date.now(), data: null });
  }
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

function overlay(stored: Map<string, IdentityRow>, incoming: Map<string, IdentityRow>, removed: Set<string>): IdentityRow[] {
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

async function loadIn(load: (where: object) => Promise<void>, property: string, values: string[]): Promise<void> {
  for (const chunk of chunksFor(values, 1)) if (chunk.length) await load({ [property]: { $in: chunk } });
}

async function loadByKeys(load: (where: object) => Promise<void>, keys: string[]): Promise<void> {
  const values = (prefix: string) => keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  await loadIn(load, 'emailNorm', values('email:'));
  await loadIn(load, 'phoneNorm', values('phone:'));
  const shopify = values('shopify:');
  await loadIn(load, 'shopifyCustomerRef', shopify);
  for (const chunk of chunksFor(shopify, 1)) {
    if (chunk.length) await load({ source: 'shopify', sourceId: { $in: chunk } });
  }
}
