import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusinessCentralSandbox, type BcSandbox } from '../../sandbox/businesscentral';
import { MemoryCheckpointStore } from '../common/checkpoint';
import { systemClock } from '../common/clock';
import { CaptureProducer, quietLogger } from '../../test/doubles/testkit';
import { backfillKey } from './backfill';
import { createBcClient } from './client';
import { getWatermark, type BcContext } from './context';
import { Poller } from './incremental';
import { Lookups } from './lookups';
import { sandboxConfig } from '../../test/doubles/businesscentral';

let sb: BcSandbox;
beforeAll(async () => {
  sb = await startBusinessCentralSandbox({ port: 0, customers: 30, items: 4, salesOrders: 5 });
});
afterAll(async () => {
  await sb.close();
});

function context(): BcContext & { producer: CaptureProducer; checkpoints: MemoryCheckpointStore } {
  const config = sandboxConfig(sb, { BC_PAGE_SIZE: '10' });
  const logger = quietLogger();
  return {
    client: createBcClient({ config, logger }),
    producer: new CaptureProducer(),
    checkpoints: new MemoryCheckpointStore(),
    logger,
    config,
    lookups: new Lookups(),
    clock: systemClock,
    counters: { published: 0, invalid: 0, deletes: 0 },
  };
}

describe('Business Central polling', () => {
  it('starts a set without a watermark from now, and reads only later changes', async () => {
    const ctx = context();
    const poller = new Poller(ctx, { overlapMs: 0 });
    expect(await poller.request('customers')).toBe(0);
    const watermark = await getWatermark(ctx, 'customers');
    expect(watermark).toBeDefined();
    expect(ctx.producer.sent).toHaveLength(0);

    const customer = sb.store.list('customers')[3];
    if (!customer) throw new Error('no customer');
    customer.displayName = 'Polled Person';
    sb.store.upsert('customers', customer);
    expect(await poller.request('customers')).toBe(1);
    expect(ctx.producer.events()[0]).toMatchObject({
      sourceId: customer.id,
      payload: { displayName: 'Polled Person' },
    });
    expect(await getWatermark(ctx, 'customers')).toBe(customer.lastModifiedDateTime);
  });

  it('leaves a set alone while its backfill is under way', async () => {
    const ctx = context();
    await ctx.checkpoints.set(
      backfillKey('customers'),
      JSON.stringify({ since: null, next: 'x', done: false, startedAt: new Date().toISOString() }),
    );
    expect(await new Poller(ctx).request('customers')).toBe(0);
    expect(await getWatermark(ctx, 'customers')).toBeUndefined();
  });

  it('never runs two polls of one set at once, and merges requests that wait', async () => {
    const ctx = context();
    await ctx.checkpoints.set('watermark:customers', '2000-01-01T00:00:00.000Z');
    const poller = new Poller(ctx);
    // Requests made before a poll starts are answered by it...
    const early = await Promise.all([poller.request('customers'), poller.request('customers')]);
    expect(poller.stats.polls).toBe(1);
    expect(early[1]).toBe(early[0]);
    // ...those made while it runs share one more poll after it.
    const first = poller.request('customers');
    await new Promise((resolve) => setImmediate(resolve));
    const results = await Promise.all([
      first,
      ...Array.from({ length: 5 }, () => poller.request('customers')),
    ]);
    expect(poller.stats.polls).toBe(3);
    expect(early[0]).toBe(sb.store.list('customers').length);
    expect(new Set(results.slice(1)).size).toBe(1);
  });
});
