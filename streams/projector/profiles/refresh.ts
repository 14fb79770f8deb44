import { groupBy } from '../../../lib/group-by';
import type { CustomerProfileMessage } from '../../../schema/events';
import type {
  AccountingCustomer,
  CanonicalVersion,
  CrmProfile,
  Customer,
  CustomerIdentity,
  CustomerProfile,
  ErpCustomer,
  Order,
  OrderRefund,
} from '../../../store/entities';
import type { Changes } from '../changes';
import { bulkDelete, bulkUpsert, run, selectWhereAny, type Bulk } from '../sink/bulk';
import { buildProfile, profileMessage, sameProfile } from './build';

/** A profile to publish: the person's profile now, or null (a tombstone) when they are gone. */
export interface ProfileChange {
  id: string;
  profile: CustomerProfileMessage | null;
}

/** Canonical records whose id is an identity's: a change to one changes that person's profile. */
const FACETS = new Set(['crm-profile', 'erp-customer', 'accounting-customer']);

// With the (class, key) form, apart from the identity lock's single-bigint key space.
const PROFILE_LOCK = [7_104_522, 0] as const;

/**
 * The customers whose orders the batch is about to change, as their orders stand before it:
 * an order deleted, or moved to another customer, changes its former customer's profile too.
 */
export async function orderOwnersBefore(bulk: Bulk, changes: Changes): Promise<string[]> {
  const ids = changes.canonical.filter((c) => c.entity === 'order').map((c) => c.id);
  if (ids.length === 0) return [];
  const orders = await selectWhereAny<Order>(bulk, 'Order', [{ property: 'id', values: ids }]);
  return orders.flatMap((o) => o.customerSourceId ?? []);
}

/**
 * Recomputes, from their own rows, the profiles of the people the batch changed, after the batch
 * is written and inside its transaction, so that a profile is durable with what it summarises.
 * Writes those that changed and returns what to publish; a person gone (absorbed by a merge,
 * or left with no identity) loses their profile and gets a tombstone.
 */
export async function refreshProfiles(
  bulk: Bulk,
  changes: Changes,
  ownersBefore: readonly string[],
): Promise<ProfileChange[]> {
  const customerIds = new Set<string>();
  const identityIds = new Set(changes.touchedIdentities);
  const shopifyIds = new Set(ownersBefore);
  for (const change of changes.canonical) {
    if (change.entity === 'customer') customerIds.add(change.id);
    else if (FACETS.has(change.entity)) identityIds.add(change.id);
  }
  for (const row of changes.upserts.get('Order')?.values() ?? []) {
    if (typeof row.customerSourceId === 'string') shopifyIds.add(row.customerSourceId);
  }
  if (customerIds.size + identityIds.size + shopifyIds.size === 0) return [];
  await lockProfiles(bulk);

  const owners = await selectWhereAny<CustomerIdentity>(bulk, 'CustomerIdentity', [
    { property: 'id', values: [...identityIds] },
    { property: 'sourceId', values: [...shopifyIds], and: `"source" = 'shopify'` },
  ]);
  owners.forEach((identity) => customerIds.add(identity.customerId));
  const ids = [...customerIds];
  const live = new Set(
    (await selectWhereAny<Customer>(bulk, 'Customer', [{ property: 'id', values: ids }])).map(
      (c) => c.id,
    ),
  );
  const stored = new Map(
    (
      await selectWhereAny<CustomerProfile>(bulk, 'CustomerProfile', [
        { property: 'id', values: ids },
      ])
    ).map((p) => [p.id, p]),
  );
  const deletedCustomers = new Set(
    changes.canonical.filter((c) => c.entity === 'customer' && c.op === 'delete').map((c) => c.id),
  );
  const gone = ids.filter((id) => !live.has(id) && (stored.has(id) || deletedCustomers.has(id)));
  await bulkDelete(bulk, 'CustomerProfile', 'id', gone);

  const inputs = await loadInputs(bulk, [...live]);
  const now = Date.now();
  const rows: CustomerProfile[] = [];
  for (const id of [...live].sort()) {
    const previous = stored.get(id) ?? null;
    const fields = buildProfile({ ...inputs(id), previous });
    if (previous && sameProfile(previous, fields)) continue;
    // Above the last version, and above any version a tombstoned namesake had before.
    const version = Math.max(now, (previous?.version ?? 0) + 1);
    rows.push({ id, version, updatedAt: new Date(now), ...fields });
  }
  await bulkUpsert(bulk, 'CustomerProfile', rows as unknown as Array<Record<string, unknown>>);
  return [
    ...gone.sort().map((id) => ({ id, profile: null })),
    ...rows.map((row) => ({ id: row.id, profile: profileMessage(row) })),
  ];
}

/**
 * Two projector transactions may change one person at once (an order on one partition, a merge on
 * another); each must see the other's rows before recomputing, so the step runs one at a time.
 * Locks are taken in one order (identities, then profiles), so they cannot deadlock.
 */
async function lockProfiles(bulk: Bulk): Promise<void> {
  if (bulk.dialect !== 'postgresql') return;
  await run(bulk, 'select pg_advisory_xact_lock(?, ?)', [...PROFILE_LOCK]);
}

/** Every row the profiles of `customerIds` are made of, in one statement per table. */
export async function loadInputs(bulk: Bulk, customerIds: string[]) {
  const identities = await selectWhereAny<CustomerIdentity>(bulk, 'CustomerIdentity', [
    { property: 'customerId', values: customerIds },
  ]);
  const bySource = (source: string) =>
    identities.filter((i) => i.source === source).map((i) => i.id);
  const shopify = identities.filter((i) => i.source === 'shopify').map((i) => i.sourceId);
  const orders = await selectWhereAny<Order>(bulk, 'Order', [
    { property: 'customerSourceId', values: shopify },
  ]);
  const refunds = await selectWhereAny<OrderRefund>(bulk, 'OrderRefund', [
    { property: 'orderId', values: orders.map((o) => o.id) },
  ]);
  const facet = <T extends { id: string }>(entity: string, source: string) =>
    selectWhereAny<T>(bulk, entity, [{ property: 'id', values: bySource(source) }]);
  const crm = new Map((await facet<CrmProfile>('CrmProfile', 'crm')).map((r) => [r.id, r]));
  const erp = new Map((await facet<ErpCustomer>('ErpCustomer', 'erp')).map((r) => [r.id, r]));
  const books = new Map(
    (await facet<AccountingCustomer>('AccountingCustomer', 'accounting')).map((r) => [r.id, r]),
  );
  const former = new Set(
    (
      await selectWhereAny<CanonicalVersion>(bulk, 'CanonicalVersion', [
        { property: 'id', values: identities.map((i) => i.id) },
      ])
    )
      .filter((v) => v.entity === 'customer')
      .map((v) => v.id),
  );

  const membersOf = groupBy(identities, (i) => i.customerId);
  const refundsOf = groupBy(refunds, (r) => r.orderId);
  const ordersOf = groupBy(orders, (o) => o.customerSourceId ?? '');
  return (customerId: string) => {
    const members = membersOf.get(customerId) ?? [];
    const of = <T>(rows: Map<string, T>) => members.flatMap((m) => rows.get(m.id) ?? []);
    return {
      customerId,
      identities: members,
      orders: members
        .filter((m) => m.source === 'shopify')
        .flatMap((m) => ordersOf.get(m.sourceId) ?? [])
        .map((o) => ({ ...o, refunds: (refundsOf.get(o.id) ?? []).map((r) => r.amount) })),
      crm: of(crm),
      erp: of(erp),
      books: of(books),
      formerCustomers: former,
    };
  };
}
