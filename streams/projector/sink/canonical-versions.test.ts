import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import type { CanonicalChange, ChangeEvent } from '../../../schema/events';
import { closeORM, initORM, type Db } from '../../../store/orm';
import { describeOnEachDatabase, type OpenStore } from '../../../test/helpers/databases';
import { shuffled } from '../../../test/helpers/shuffle';
import { StoreSink } from '.';

/**
 * Every person's identities arriving in a different order, in small batches, merges and splits
 * customers over and over. A consumer that keeps the highest version per key must end with what
 * the store holds, so a version can never carry two different contents.
 */
function versionContract(open: OpenStore) {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  const published: CanonicalChange[] = [];
  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url, { migrate: true });
    const sink = new StoreSink(db.orm, 'plexus', ({ messages }) => {
      for (const { topic, value } of messages) {
        if (value !== null && topic.includes('.canonical.')) {
          published.push(JSON.parse(value) as CanonicalChange);
        }
      }
    });
    const events: ChangeEvent[] = generateDataset({
      seed: 11,
      customers: 120,
      orders: 150,
      products: 10,
      locations: 2,
    }).filter((e) => e.entity === 'customer' || e.entity === 'contact');
    for (const [round, batch] of [7, 25].entries()) {
      const storm = shuffled(events, round + 1);
      for (let i = 0; i < storm.length; i += batch) await sink.apply(storm.slice(i, i + batch));
    }
  });
  afterAll(async () => {
    await closeORM(url);
    await drop();
  });

  it('never gives one (key, version) two contents, and rises whenever the content changes', () => {
    const customers = published.filter((c) => c.entity === 'customer');
    expect(customers.length).toBeGreaterThan(200);
    const contents = new Map<string, Set<string>>();
    const lastOf = new Map<string, CanonicalChange>();
    for (const change of customers) {
      const key = `${change.id}@${change.version}`;
      const set = contents.get(key) ?? new Set();
      set.add(JSON.stringify(change.data));
      contents.set(key, set);
      const last = lastOf.get(change.id);
      if (last && JSON.stringify(last.data) !== JSON.stringify(change.data)) {
        expect(change.version, change.id).toBeGreaterThan(last.version);
      }
      lastOf.set(change.id, change);
    }
    const clashes = [...contents].filter(([, set]) => set.size > 1).map(([key]) => key);
    expect(clashes).toEqual([]);
  });
}

describeOnEachDatabase('canonical versions', versionContract, 'plexus_canonical_versions');
