import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import type { CanonicalChange } from '../../../schema/events';
import { closeORM, dialect, initORM, type Db } from '../../../store/orm';
import { describeOnEachDatabase, type OpenStore } from '../../../test/helpers/databases';
import { readCanonical } from './canonical-records';
import { StoreSink } from '.';

/**
 * A batch nobody sent is rebuilt from the store (see outbox.ts); what it rebuilds must be what the
 * relay is handed from memory, for every canonical entity the demo data touches.
 */
function parityContract(open: OpenStore) {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  const last = new Map<string, CanonicalChange>();
  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url, { migrate: true });
    const sink = new StoreSink(db.orm, 'plexus', ({ messages }) => {
      for (const { topic, value } of messages) {
        if (value === null || !topic.includes('.canonical.')) continue;
        const change = JSON.parse(value) as CanonicalChange;
        last.set(`${change.entity} ${change.id}`, change);
      }
    });
    const events = generateDataset({
      seed: 3,
      customers: 150,
      orders: 400,
      products: 30,
      locations: 2,
    });
    for (let i = 0; i < events.length; i += 400) await sink.apply(events.slice(i, i + 400));
  });
  afterAll(async () => {
    await closeORM(url);
    await drop();
  });

  it('reads every record as its last canonical upsert carried it', async () => {
    const upserts = [...last.values()].filter((c) => c.op === 'upsert');
    const entities = new Set(upserts.map((c) => c.entity));
    // The demo data reaches every canonical topic but deals' deletes.
    expect(entities.size).toBeGreaterThanOrEqual(15);
    const bulk = { em: db.orm.em.fork(), dialect: dialect(db.orm) };
    for (const entity of entities) {
      const wanted = upserts.filter((c) => c.entity === entity);
      const read = await readCanonical(
        bulk,
        entity,
        wanted.map((c) => c.id),
      );
      const rebuilt = wanted.map((c) => JSON.parse(JSON.stringify(read.get(c.id) ?? null)));
      expect(rebuilt, entity).toEqual(wanted.map((c) => c.data));
    }
  });

  it('leaves out records that are not stored', async () => {
    const bulk = { em: db.orm.em.fork(), dialect: dialect(db.orm) };
    const read = await readCanonical(bulk, 'order', ['0b7c2f4e-1d2a-4c3b-9e8f-000000000000']);
    expect(read.size).toBe(0);
  });
}

describeOnEachDatabase('canonical records', parityContract, 'plexus_canonical');
