import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import type { ChangeEvent } from '../../../schema/events';
import { closeORM, initORM, type Db } from '../../../store/orm';
import { describeOnEachDatabase, type OpenStore } from '../../../test/helpers/databases';
import { StoreSink } from '.';

// Larger than any random UUID the first event could have drawn: the re-read always wins the tie
// on eventId, so only its content can decide.
const LARGEST_ID = 'ffffffff-ffff-4fff-bfff-ffffffffffff';

function gateContract(open: OpenStore) {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  let sink: StoreSink;
  const published: string[] = [];
  const location = generateDataset({
    seed: 3,
    customers: 1,
    orders: 1,
    products: 1,
    locations: 1,
  }).find((e) => e.source === 'shopify' && e.entity === 'location') as ChangeEvent;

  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url, { migrate: true });
    sink = new StoreSink(db.orm, 'plexus', ({ messages }) => {
      for (const { topic, value } of messages) {
        if (value !== null && topic.includes('.canonical.')) published.push(value);
      }
    });
    await sink.apply([location]);
  });
  afterAll(async () => {
    await closeORM(url);
    await drop();
  });

  it('publishes a record once, however often a poll reads it back at the same version', async () => {
    expect(published).toHaveLength(1);
    await sink.apply([{ ...location, eventId: LARGEST_ID }]);
    await sink.apply([{ ...location, eventId: LARGEST_ID.replace('ff', 'fe') }]);
    expect(published).toHaveLength(1);
  });

  it('still lets a different content at the same version win the tie by eventId', async () => {
    const renamed = { ...location.payload, name: 'Renamed without a new version' };
    await sink.apply([{ ...location, eventId: LARGEST_ID, payload: renamed }]);
    expect(published).toHaveLength(2);
    expect(published.at(-1)).toContain('Renamed without a new version');
  });
}

describeOnEachDatabase('the version gate', gateContract, 'plexus_gate');
