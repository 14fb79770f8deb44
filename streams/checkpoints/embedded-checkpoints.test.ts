import { afterEach, beforeEach, expect, it } from 'vitest';
import { quietLogger } from '../../test/doubles/testkit';
import { StoredCheckpoints } from '../../store/checkpoint/checkpoints';
import { closeORM, initORM, type Orm } from '../../store/orm';
import { describeOnEachDatabase } from '../../test/helpers/databases';
import { waitFor } from '../../test/helpers/kafka';
import { MemoryStream } from '../memory';
import { partitionFor } from '../partition';
import type { Batch, StreamProducer } from '../stream';
import { EmbeddedCheckpoints } from './embedded-checkpoints';
import { AppliedWatermark } from './watermark';

const gates: Array<() => void> = [];

/** A stand-in projector whose batches of one topic wait until the test lets them through. */
function gatedGroup(watermark: AppliedWatermark, topics: string[]) {
  const handled: Batch[] = [];
  // `topic` or `topic:partition`
  let held = new Set<string>();
  let release: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (release = resolve));
  gates.push(() => release());
  return {
    handled,
    hold(...what: string[]) {
      held = new Set(what);
    },
    letThrough() {
      held = new Set();
      release();
    },
    async start(options: { run?: boolean } = {}) {
      const consumer = await watermark.consumer('projector');
      await consumer.subscribe(topics, { fromBeginning: true });
      const run = () =>
        consumer.run({
          eachBatch: async (batch) => {
            if (held.has(batch.topic) || held.has(`${batch.topic}:${batch.partition}`)) {
              await opened;
            }
            handled.push(batch);
          },
        });
      if (options.run !== false) await run();
      return { consumer, run };
    },
  };
}

const send = (producer: StreamProducer, topic: string, keys: string[]) =>
  producer.send(
    topic,
    keys.map((key) => ({ key, value: key })),
  );

describeOnEachDatabase('embedded checkpoints', (open) => {
  let orm: Orm;
  let url: string;
  let drop: () => Promise<void>;
  let watermark: AppliedWatermark;
  let checkpoints: EmbeddedCheckpoints;

  beforeEach(async () => {
    ({ url, drop } = await open());
    orm = (await initORM(url, { migrate: true })).orm;
    watermark = new AppliedWatermark(new MemoryStream({ partitions: 3 }), 'projector');
    checkpoints = new EmbeddedCheckpoints(
      new StoredCheckpoints(orm, 'ns1'),
      watermark,
      quietLogger(),
    );
  });

  afterEach(async () => {
    gates.splice(0).forEach((open) => open());
    await checkpoints.close();
    await watermark.close();
    await closeORM(url);
    await drop();
  });

  it('stores a checkpoint only once every message sent before it, on every topic, is handled', async () => {
    const group = gatedGroup(watermark, ['orders', 'customers']);
    group.hold('customers');
    await group.start();
    const producer = await watermark.producer();
    // The in-process consumer reads topic after topic: orders first, so the held customers do not
    // keep them back.
    await send(producer, 'orders', ['o1', 'o2', 'o3', 'o4']);
    await send(producer, 'customers', ['c1', 'c2', 'c3', 'c4']);
    const shopify = checkpoints.forSource('shopify');
    await shopify.set('backfill:order', 'page-2');

    // Orders are stored; customers, sent before the checkpoint too, wait on the gate.
    await waitFor(
      () =>
        group.handled
          .filter((b) => b.topic === 'orders')
          .reduce((n, b) => n + b.messages.length, 0) === 4,
    );
    expect(watermark.reached(watermark.mark())).toBe(false);
    expect(await new StoredCheckpoints(orm, 'ns1').read('shopify')).toEqual(new Map());
    // Within the process the connector sees what it set.
    expect(await shopify.get('backfill:order')).toBe('page-2');

    group.letThrough();
    await waitFor(async () =>
      (await new StoredCheckpoints(orm, 'ns1').read('shopify')).get('backfill:order'),
    );
    expect(await new StoredCheckpoints(orm, 'ns1').read('shopify')).toEqual(
      new Map([['backfill:order', 'page-2']]),
    );
  });

  it('waits for a partition that lags even when others ran ahead past the checkpoint', async () => {
    const group = gatedGroup(watermark, ['orders']);
    // The in-process consumer reads partition after partition: the lagging one must come last,
    // and everything must be sent before it runs.
    const slow = 2;
    const slowKey = Array.from({ length: 50 }, (_, i) => `o-slow-${i}`).find(
      (key) => partitionFor(key, 3) === slow,
    )!;
    group.hold(`orders:${slow}`);
    const { run } = await group.start({ run: false });
    const producer = await watermark.producer();
    await send(producer, 'orders', [slowKey]);
    const shopify = checkpoints.forSource('shopify');
    await shopify.set('backfill:order', 'page-1');
    // Later pages land on the other partitions and are handled: more messages handled than were
    // sent before the checkpoint, yet one sent before it is not.
    const others = Array.from({ length: 40 }, (_, i) => `o${i}`).filter(
      (key) => partitionFor(key, 3) !== slow,
    );
    await send(producer, 'orders', others);
    await run();
    await waitFor(() => group.handled.reduce((n, b) => n + b.messages.length, 0) === others.length);
    expect(watermark.reached(1)).toBe(false);
    expect(await new StoredCheckpoints(orm, 'ns1').read('shopify')).toEqual(new Map());

    group.letThrough();
    await waitFor(async () =>
      (await new StoredCheckpoints(orm, 'ns1').read('shopify')).get('backfill:order'),
    );
  });

  it('is read back by the next process, per namespace and source, newest value winning', async () => {
    const group = gatedGroup(watermark, ['orders']);
    await group.start();
    const producer = await watermark.producer();
    const shopify = checkpoints.forSource('shopify');
    for (const page of ['page-1', 'page-2', 'page-3']) {
      await send(producer, 'orders', [page]);
      await shopify.set('backfill:order', page);
    }
    await checkpoints.forSource('crm').set('watermark:contacts', '2024-05-01T00:00:00Z');
    await waitFor(async () => (await new StoredCheckpoints(orm, 'ns1').read('crm')).size === 1);
    await waitFor(
      async () =>
        (await new StoredCheckpoints(orm, 'ns1').read('shopify')).get('backfill:order') ===
        'page-3',
    );

    const restarted = new EmbeddedCheckpoints(
      new StoredCheckpoints(orm, 'ns1'),
      new AppliedWatermark(new MemoryStream(), 'projector'),
      quietLogger(),
    );
    const otherNamespace = new EmbeddedCheckpoints(
      new StoredCheckpoints(orm, 'ns2'),
      new AppliedWatermark(new MemoryStream(), 'projector'),
      quietLogger(),
    );
    try {
      expect(await restarted.forSource('shopify').get('backfill:order')).toBe('page-3');
      expect(await restarted.forSource('crm').get('watermark:contacts')).toBe(
        '2024-05-01T00:00:00Z',
      );
      expect(await restarted.forSource('shopify').get('watermark:order')).toBeUndefined();
      expect(await otherNamespace.forSource('shopify').get('backfill:order')).toBeUndefined();
    } finally {
      await restarted.close();
      await otherNamespace.close();
    }
  });

  it('drops, at stop, a checkpoint whose events were never handled', async () => {
    const group = gatedGroup(watermark, ['orders']);
    group.hold('orders');
    const { consumer } = await group.start();
    const producer = await watermark.producer();
    await send(producer, 'orders', ['o1']);
    await checkpoints.forSource('shopify').set('backfill:order', 'page-1');
    // The process stops with the batch still waiting: as a crash would, it loses the events.
    const stopping = consumer.disconnect();
    await checkpoints.close();
    group.letThrough();
    await stopping;
    expect(await new StoredCheckpoints(orm, 'ns1').read('shopify')).toEqual(new Map());
  });
});
