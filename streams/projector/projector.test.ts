import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import { closeORM, initORM, type Db } from '../../store/orm';
import { exampleEvents, nextVersion, publish } from '../../test/helpers/events';
import { waitFor } from '../../test/helpers/kafka';
import { MemoryStream } from '../memory';
import { startProjection, type Projection } from './runtime';

// Fast tier: the in-process stream and SQLite. The Kafka + PostgreSQL suite is test/e2e/projector.
describe('projector on the in-process stream and SQLite', () => {
  const url = 'sqlite://:memory:';
  let db: Db;
  let stream: MemoryStream;
  let projection: Projection;

  beforeEach(async () => {
    db = await initORM(url, { migrate: true });
    stream = new MemoryStream();
    projection = await startProjection({
      stream,
      orm: db.orm,
      groupId: 'test',
      logger: createLogger('test', 'silent'),
    });
  });

  afterEach(async () => {
    await projection.stop();
    await stream.close();
    await closeORM(url);
  });

  const count = (table: string) =>
    db.orm.em
      .getConnection()
      .execute<Array<{ n: number }>>(`select count(*) as n from ${table}`)
      .then((r) => Number(r[0]?.n));

  it('applies one example per topic and resolves one person across four systems', async () => {
    await publish(stream, exampleEvents());
    await waitFor(async () => (await count('fee')) === 1 && (await count('shipment')) === 1, {
      timeoutMs: 10_000,
    });
    expect(await count('customer')).toBe(1);
    expect(await count('customer_identity')).toBe(4);
    const identities = await db.orm.em
      .getConnection()
      .execute<Array<{ customer_id: string }>>(
        'select distinct customer_id from customer_identity',
      );
    expect(identities).toHaveLength(1);
    expect(await count('order_line')).toBeGreaterThan(0);
  });

  it('ignores duplicates and stale versions', async () => {
    const [customer] = exampleEvents();
    if (!customer) throw new Error('no example');
    const newer = nextVersion(customer, { firstName: 'Augusta' });
    await publish(stream, [newer, customer, newer]);
    await waitFor(async () => (await count('customer')) === 1);
    await projection.flushOutbox();
    const [row] = await db.orm.em
      .getConnection()
      .execute<Array<{ first_name: string }>>('select first_name from customer');
    expect(row?.first_name).toBe('Augusta');
  });
});

describe('projector: an event that cannot be mapped', () => {
  const url = 'sqlite://:memory:';
  afterEach(async () => {
    await closeORM(url);
  });

  it('goes to the DLQ with its reason, and the good events of its batch are applied', async () => {
    const db = await initORM(url, { migrate: true });
    const stream = new MemoryStream({ partitions: 1 });
    const projection = await startProjection({
      stream,
      orm: db.orm,
      groupId: 'unmappable',
      logger: createLogger('test', 'silent'),
    });
    const level = exampleEvents().find((e) => e.entity === 'inventory-level' && e.source === 'erp');
    if (!level) throw new Error('no example');
    // A blank item number passes the schema but names no SKU: there is no variant to attach it to.
    const blank = nextVersion(level, { id: 'blank', itemNumber: '   ' });
    const good = nextVersion(level, { available: 7 }, 2_000);
    await publish(stream, [{ ...blank, sourceId: 'blank' }, good]);

    const dead: Array<Record<string, string>> = [];
    const dlq = await stream.consumer('dlq-reader');
    await dlq.subscribe(['plexus.erp.inventory-level.v1.dlq'], { fromBeginning: true });
    await dlq.run({
      eachBatch: async ({ messages }) => void dead.push(...messages.map((m) => m.headers)),
    });
    await waitFor(() => dead.length === 1);
    expect(dead[0]?.['x-plexus-error']).toMatch(/could not apply the event: .*SKU/);
    const rows = await db.orm.em
      .getConnection()
      .execute<Array<{ available: number }>>('select available from inventory_level');
    expect(rows).toEqual([{ available: 7 }]);
    await dlq.disconnect();
    await projection.stop();
    await stream.close();
  });
});
