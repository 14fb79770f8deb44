import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import type { ChangeEvent, CustomerProfileMessage } from '../../../schema/events';
import type {
  CrmProfile,
  Customer,
  CustomerIdentity,
  CustomerProfile,
} from '../../../store/entities';
import { closeORM, dialect, initORM, type Db } from '../../../store/orm';
import { describeOnEachDatabase, type OpenStore } from '../../../test/helpers/databases';
import { shuffled } from '../../../test/helpers/shuffle';
import { decodeProfile } from '../../codec';
import { StoreSink } from '../sink';
import { selectWhereAny, type Bulk } from '../sink/bulk';
import { buildProfile, profileMessage, sameProfile } from './build';
import { loadInputs } from './refresh';

/**
 * The whole demo history in a shuffled order and small batches, then every person's identities
 * again in another order (merges and splits): the profiles kept one batch at a time must equal
 * profiles computed from scratch, and a consumer replaying what was published must end with them.
 */
function profileContract(open: OpenStore) {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  const published: Array<{ key: string; value: string | null }> = [];
  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url, { migrate: true });
    const sink = new StoreSink(db.orm, 'plexus', ({ messages }) => {
      for (const { topic, key, value } of messages) {
        if (topic === 'plexus.profile.customer.v1') published.push({ key, value });
      }
    });
    const events: ChangeEvent[] = generateDataset({
      seed: 5,
      customers: 60,
      orders: 240,
      products: 10,
      locations: 2,
    });
    const people = events.filter((e) => ['customer', 'contact'].includes(e.entity));
    const storm = [...shuffled(events, 3), ...shuffled(people, 4)];
    for (let i = 0; i < storm.length; i += 37) await sink.apply(storm.slice(i, i + 37));
  }, 300_000);
  afterAll(async () => {
    await closeORM(url);
    await drop();
  });

  const bulk = (): Bulk => ({ em: db.orm.em.fork(), dialect: dialect(db.orm) });
  const all = async <T>(entity: string): Promise<T[]> => {
    const rows = await bulk().em.getConnection().execute(`select id from ${entity}`);
    const ids = rows.map((row) => String((row as { id: unknown }).id));
    const name = entity === 'customer' ? 'Customer' : 'CustomerProfile';
    return selectWhereAny<T>(bulk(), name, [{ property: 'id', values: ids }]);
  };

  it('keeps one profile per customer, equal to one computed from scratch', async () => {
    const customers = await all<Customer>('customer');
    const profiles = await all<CustomerProfile>('customer_profile');
    expect(profiles.map((p) => p.id).sort()).toEqual(customers.map((c) => c.id).sort());
    const inputs = await loadInputs(
      bulk(),
      customers.map((c) => c.id),
    );
    for (const stored of profiles) {
      const fresh = buildProfile({ ...inputs(stored.id), previous: stored });
      expect(sameProfile(stored, fresh), stored.id).toBe(true);
    }
    expect(profiles.filter((p) => p.orderCount > 0).length).toBeGreaterThan(20);
    expect(profiles.some((p) => p.absorbedIds.length > 0)).toBe(true);
  });

  it('replays from the published messages to exactly the stored profiles', async () => {
    const last = new Map<string, CustomerProfileMessage | null>();
    for (const { key, value } of published) {
      const decoded = decodeProfile(value);
      if (!decoded.ok) throw new Error(decoded.reason);
      last.set(key, decoded.profile);
    }
    const replayed = [...last.values()].filter((p): p is CustomerProfileMessage => p !== null);
    const profiles = await all<CustomerProfile>('customer_profile');
    expect(replayed.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      profiles.map(profileMessage).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(published.some((m) => m.value === null)).toBe(true);
  });

  it('never grants consent to a person any of whose CRM contacts opted out', async () => {
    const profiles = await all<CustomerProfile>('customer_profile');
    const granted = profiles.filter((p) => p.emailConsent === true).map((p) => p.id);
    expect(granted.length).toBeGreaterThan(0);
    const identities = await selectWhereAny<CustomerIdentity>(bulk(), 'CustomerIdentity', [
      { property: 'customerId', values: granted },
    ]);
    const crm = await selectWhereAny<CrmProfile>(bulk(), 'CrmProfile', [
      { property: 'id', values: identities.map((i) => i.id) },
    ]);
    expect(crm.length).toBeGreaterThan(0);
    expect(crm.filter((c) => !c.marketingConsent)).toEqual([]);
  });
}

describeOnEachDatabase('marketing profiles', profileContract);
