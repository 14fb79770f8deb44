import { afterEach, describe, expect, it } from 'vitest';
import { startQuickBooksSandbox, type QboSandbox } from '../../sandbox/quickbooks';
import type { Change } from '../../sandbox/quickbooks/store';
import { MemoryCheckpointStore } from '../common/checkpoint';
import { FakeClock } from '../../test/doubles/testkit';
import { ChangePoller } from './cdc';
import { sourceIdOf, TOPIC_OF, versionOf } from './mapping';
import { testContext } from '../../test/doubles/quickbooks';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A sandbox whose clock the test moves, so changes land on chosen seconds. */
async function sandbox(cdcMaxObjects: number) {
  const clock = { now: Date.now() };
  const sb = await startQuickBooksSandbox({
    port: 0,
    customers: 30,
    items: 10,
    invoices: 80,
    cdcMaxObjects,
    rateLimit: { requests: 100_000, windowSeconds: 60 },
    clock: () => clock.now,
  });
  cleanup.push(sb.close);
  return { sb, clock };
}

function record(changes: Change[]) {
  return (change: Change) => changes.push(change);
}

/** Every change made must be on the stream with the record's current version (or deleted). */
function expectAllPublished(
  sb: QboSandbox,
  changes: Change[],
  events: { entity: string; sourceId: string; op: string; version: number }[],
) {
  const missing: string[] = [];
  for (const change of changes) {
    const topic = TOPIC_OF[change.name];
    // The sandbox's payouts carry no fee lines: nothing to publish (see mapping.ts).
    if (!topic || change.name === 'Deposit') continue;
    const id = sourceIdOf(change.name, change.id);
    const current = sb.store.tables[change.name].get(change.id) as
      { SyncToken: string; MetaData: { LastUpdatedTime: string } } | undefined;
    const hit = current
      ? events.some(
          (e) =>
            e.entity === topic &&
            e.sourceId === id &&
            e.op === 'upsert' &&
            e.version === versionOf(current.MetaData.LastUpdatedTime, current.SyncToken),
        )
      : events.some((e) => e.entity === topic && e.sourceId === id && e.op === 'delete');
    if (!hit) missing.push(`${change.name} ${change.id} ${current ? 'upsert' : 'delete'}`);
  }
  expect(missing).toEqual([]);
}

async function watermarked(
  sb: QboSandbox,
  clock: { now: number },
  checkpoints = new MemoryCheckpointStore(),
) {
  await checkpoints.set('cdc:watermark', new Date(clock.now).toISOString());
  clock.now += 5_000;
  const t = testContext(sb, { checkpoints });
  return t;
}

describe('QuickBooks CDC poll (against the sandbox over HTTP)', () => {
  it('publishes changes and deletes after the watermark, then moves the watermark on', async () => {
    const { sb, clock } = await sandbox(1000);
    const { ctx, producer } = await watermarked(sb, clock);
    const changes: Change[] = [];
    sb.store.onChange(record(changes));
    sb.traffic.step(30);
    const victim = sb.store.list('Invoice').find((i) => i.LinkedTxn.length === 0);
    if (!victim) throw new Error('no unpaid invoice');
    sb.store.delete('Invoice', victim.Id);
    clock.now += 2_000;
    const poller = new ChangePoller(ctx, { overlapMs: 0 });
    const result = await poller.runOnce();
    expect(result).toMatchObject({ capped: 0, fallback: false, requests: 1 });
    const events = producer.events();
    expectAllPublished(sb, changes, events);
    expect(events).toContainEqual(
      expect.objectContaining({
        entity: 'invoice',
        sourceId: victim.Id,
        op: 'delete',
        payload: null,
      }),
    );
    expect(Date.parse(result.watermark ?? '')).toBeGreaterThanOrEqual(
      Math.floor(clock.now / 1000) * 1000,
    );
    // Nothing changed since: the next pass publishes nothing new.
    const again = await poller.runOnce();
    expect(again.records).toBe(0);
  });

  it('walks past full answers (the 1,000 cap, here 10) without losing a change', async () => {
    const { sb, clock } = await sandbox(10);
    const { ctx, producer } = await watermarked(sb, clock);
    const changes: Change[] = [];
    sb.store.onChange(record(changes));
    for (let i = 0; i < 40; i += 1) {
      sb.traffic.step(1);
      clock.now += 400;
    }
    const result = await new ChangePoller(ctx, { overlapMs: 0, maxObjects: 10 }).runOnce();
    expect(result.capped).toBeGreaterThan(2);
    expectAllPublished(sb, changes, producer.events());
  });

  it('narrows to one entity, then to the query language, when one second holds over the cap', async () => {
    const { sb, clock } = await sandbox(5);
    const { ctx, producer } = await watermarked(sb, clock);
    const changes: Change[] = [];
    sb.store.onChange(record(changes));
    // Twenty customer edits and more within the same second.
    for (const customer of sb.store.list('Customer').slice(0, 20)) {
      customer.PrimaryPhone = { FreeFormNumber: '(555) 010-0000' };
      sb.store.update('Customer', customer);
    }
    sb.traffic.step(10);
    clock.now += 3_000;
    const result = await new ChangePoller(ctx, { overlapMs: 0, maxObjects: 5 }).runOnce();
    expect(result.capped).toBeGreaterThan(2);
    expectAllPublished(sb, changes, producer.events());
  });

  it('falls back to reading by LastUpdatedTime when the watermark is older than 30 days', async () => {
    const { sb, clock } = await sandbox(1000);
    const checkpoints = new MemoryCheckpointStore();
    const old = clock.now - 40 * 86_400_000;
    await checkpoints.set('cdc:watermark', new Date(old).toISOString());
    const fake = new FakeClock();
    fake.t = clock.now;
    const { ctx, producer } = testContext(sb, { checkpoints, clock: fake });
    const changes: Change[] = [];
    sb.store.onChange(record(changes));
    sb.traffic.step(20);
    clock.now += 2_000;
    const result = await new ChangePoller(ctx, { overlapMs: 0 }).runOnce();
    expect(result.fallback).toBe(true);
    const upserts = changes.filter((c) => sb.store.tables[c.name].has(c.id));
    expectAllPublished(sb, upserts, producer.events());
    // Seeded history changed in the last 40 days is included; older history is not.
    const invoices = sb.store.list('Invoice');
    const recent = invoices.filter((i) => sb.store.updatedAt('Invoice', i.Id) > old);
    const ancient = invoices.filter((i) => sb.store.updatedAt('Invoice', i.Id) <= old - 60_000);
    const ids = new Set(producer.events().map((e) => e.sourceId));
    expect(recent.every((i) => ids.has(i.Id))).toBe(true);
    expect(ancient.some((i) => ids.has(i.Id))).toBe(false);
    // CDC takes over from the fallback's start.
    expect(Date.parse((await checkpoints.get('cdc:watermark')) ?? '')).toBeGreaterThan(old);
  });
});
