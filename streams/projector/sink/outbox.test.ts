import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase, type OpenStore } from '../../../test/helpers/databases';
import type { Migrator } from '@mikro-orm/migrations';
import { closeORM, dialect, initORM, type Db } from '../../../store/orm';
import { decodeOutboxRow } from '../../outbox/batch';
import type { OutboxBatch } from '../../outbox/relay';
import type { CanonicalChange } from '../changes';
import { bulkUpsert } from './bulk';
import { outboxSource, writeOutbox } from './outbox';

const change = (n: number): CanonicalChange => ({
  entity: 'order',
  id: `0b7c2f4e-1d2a-4c3b-9e8f-${String(n).padStart(12, '0')}`,
  op: 'upsert',
  version: n,
  data: { name: `#${n}`, note: 'a "quoted" note', createdAt: new Date(Date.UTC(2026, 0, n)) },
});

/** A location as the ERP mapper stores and publishes it. */
const location = (n: number) => ({
  id: `6a1f3b2c-4d5e-4f60-8a7b-${String(n).padStart(12, '0')}`,
  sourceId: `WH-${n}`,
  version: n,
  updatedAt: new Date(Date.UTC(2026, 0, n)),
  source: 'erp',
  locationId: `7b2e4c3d-5e6f-4a71-9b8c-${String(n).padStart(12, '0')}`,
  name: `Warehouse "${n}"`,
  code: null,
});

const PREVIOUS = {
  postgresql: 'Migration20261127065451_inventory_level_product',
  sqlite: 'Migration20261127065450_inventory_level_product',
};

/** The outbox's store side, and the upgrade from one row per message, on either database. */
function outboxContract(open: OpenStore) {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url);
    const migrator = db.orm.getMigrator() as Migrator;
    // Stop one migration short, leave a message in the old outbox, then upgrade.
    await migrator.up({ to: PREVIOUS[dialect(db.orm)] });
    await db.orm.em
      .getConnection()
      .execute(
        `insert into outbox (topic, key, value, headers, created_at) values (?, ?, ?, ?, ?)`,
        [
          'plexus.canonical.order.v1',
          'k-1',
          '{"id":"k-1","note":"pending \\"before\\" the upgrade"}',
          '{"content-type":"application/json"}',
          dialect(db.orm) === 'postgresql' ? new Date().toISOString() : Date.now(),
        ],
      );
    await migrator.up();
  });
  afterAll(async () => {
    await closeORM(url);
    await drop();
  });

  const writeBatch = (changes: CanonicalChange[]) =>
    db.orm.em.fork().transactional((em) =>
      writeOutbox({ em, dialect: dialect(db.orm) }, changes, {
        namespace: 'plexus',
        changedAt: new Date().toISOString(),
      }),
    );

  it('keeps a message that was pending before the upgrade, as a batch of one', async () => {
    const sent: OutboxBatch[] = [];
    const n = await outboxSource(db.orm, 'plexus').drainLeftovers(
      { createdBefore: new Date(Date.now() + 1_000), skip: [], limit: 10 },
      async (batches) => {
        sent.push(...batches);
      },
    );
    expect(n).toBe(1);
    expect(sent[0]?.messages).toEqual([
      {
        topic: 'plexus.canonical.order.v1',
        key: 'k-1',
        value: '{"id":"k-1","note":"pending \\"before\\" the upgrade"}',
      },
    ]);
  });

  it('writes one row per transaction, naming its records and not their messages', async () => {
    const written = await writeBatch([change(1), change(2)]);
    expect(written?.messages.map((m) => m.key)).toEqual([change(1).id, change(2).id]);
    expect(JSON.parse(written?.messages[0]?.value ?? '')).toMatchObject({
      entity: 'order',
      version: 1,
      data: { note: 'a "quoted" note', createdAt: '2026-01-01T00:00:00.000Z' },
    });
    const [row] = await db.orm.em
      .getConnection()
      .execute<Array<{ messages: string }>>('select messages from outbox where id = ?', [
        written?.id,
      ]);
    expect(decodeOutboxRow(row?.messages ?? '')).toEqual([
      { entity: 'order', id: change(1).id, op: 'upsert', version: 1 },
      { entity: 'order', id: change(2).id, op: 'upsert', version: 2 },
    ]);
    expect(row?.messages).not.toContain('quoted');
    await outboxSource(db.orm, 'plexus').remove([written?.id ?? -1]);
    expect((await outboxSource(db.orm, 'plexus').load([written?.id ?? -1])).size).toBe(0);
  });

  it('rebuilds a batch read back from the store as the relay was handed it', async () => {
    const written = await db.orm.em.fork().transactional(async (em) => {
      const bulk = { em, dialect: dialect(db.orm) };
      await bulkUpsert(bulk, 'Location', [location(1), location(2)]);
      return writeOutbox(
        bulk,
        [
          { entity: 'location', id: location(1).id, op: 'upsert', version: 1, data: location(1) },
          { entity: 'location', id: location(2).id, op: 'upsert', version: 2, data: location(2) },
          { entity: 'location', id: location(3).id, op: 'delete', version: 3, data: null },
        ],
        { namespace: 'plexus', changedAt: new Date().toISOString() },
      );
    });
    const source = outboxSource(db.orm, 'plexus');
    expect((await source.load([written?.id ?? -1])).get(written?.id ?? -1)).toEqual(
      written?.messages,
    );
    // A record deleted since is left out: its delete has a row of its own.
    await db.orm.em.getConnection().execute('delete from location where id = ?', [location(2).id]);
    const rebuilt = (await source.load([written?.id ?? -1])).get(written?.id ?? -1);
    expect(rebuilt?.map((m) => [m.key, JSON.parse(m.value ?? 'null').op])).toEqual([
      [location(1).id, 'upsert'],
      [location(3).id, 'delete'],
    ]);
    await source.remove([written?.id ?? -1]);
  });

  it('writes nothing for a transaction without changes, and refuses an invalid change', async () => {
    expect(await writeBatch([])).toBeNull();
    await expect(writeBatch([{ ...change(3), data: null }])).rejects.toThrow(
      /a canonical upsert must carry data/,
    );
  });

  it('hands over left-behind batches by age, skipping those a relay holds', async () => {
    const held = await writeBatch([change(4)]);
    const left = await writeBatch([change(5)]);
    const source = outboxSource(db.orm, 'plexus');
    const sent: number[] = [];
    const collect = async (batches: OutboxBatch[]) => {
      sent.push(...batches.map((b) => b.id));
    };
    const past = new Date(Date.now() - 60_000);
    expect(await source.drainLeftovers({ createdBefore: past, skip: [], limit: 10 }, collect)).toBe(
      0,
    );
    const now = new Date(Date.now() + 1_000);
    await source.drainLeftovers({ createdBefore: now, skip: [held?.id ?? -1], limit: 10 }, collect);
    expect(sent).toEqual([left?.id]);
    expect((await source.load([held?.id ?? -1, left?.id ?? -1])).size).toBe(1);
  });

  it('keeps a left-behind batch when sending it fails', async () => {
    const batch = await writeBatch([change(6)]);
    const source = outboxSource(db.orm, 'plexus');
    const later = { createdBefore: new Date(Date.now() + 1_000), skip: [], limit: 10 };
    await expect(
      source.drainLeftovers(later, async () => {
        throw new Error('broker unreachable');
      }),
    ).rejects.toThrow('broker unreachable');
    expect((await source.load([batch?.id ?? -1])).size).toBe(1);
  });
}

describeOnEachDatabase('outbox', outboxContract, 'plexus_outbox');
