import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { TransientError } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { canonicalTopic, type CanonicalEntity } from '../schema/events';
import { closeORM, initORM, type Db } from '../store/orm';
import { encodeCanonical } from '../streams/codec';
import { MemoryStream } from '../streams/memory';
import { describeOnEachDatabase } from '../test/helpers/databases';
import { waitFor } from '../test/helpers/kafka';
import { RefusedError, type Flow, type FlowContext, type FlowOutcome } from './flow';
import { Ledger } from './ledger';
import { FlowRunner } from './runner';

const logger = createLogger('flows-test', process.env.LOG_LEVEL ?? 'silent');

/** A flow whose sync answers what the test scripts, per key, and remembers its calls. */
function scriptedFlow() {
  const script = new Map<string, Array<() => FlowOutcome>>();
  const calls: Array<{ key: string; previous: FlowContext['previous'] }> = [];
  const flow: Flow = {
    name: 'order-to-erp',
    triggers: ['order'],
    mappings: ['erp-item'],
    keysFor: (_entity: CanonicalEntity, record) => [String(record.id)],
    async sync(key, ctx) {
      calls.push({ key, previous: ctx.previous });
      const next = script.get(key)?.shift();
      return next ? next() : { state: 'unchanged', sourceVersion: 'v' };
    },
  };
  return { flow, script, calls };
}

describeOnEachDatabase('the flow runner', (open) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  let stream: MemoryStream;
  let runner: FlowRunner | undefined;
  const namespace = 'flowtest';

  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url, { migrate: true });
  });
  afterAll(async () => {
    await closeORM(url);
    await drop();
  });
  afterEach(async () => {
    await runner?.stop();
    await stream.close();
  });

  async function start(flow: Flow, leaseMs?: number, stopGraceMs?: number) {
    stream = new MemoryStream({ partitions: 1 });
    runner = new FlowRunner({
      flow,
      stream,
      orm: db.orm,
      logger,
      namespace,
      pollMs: 50,
      backoff: { initialMs: 10, maxMs: 20 },
      ...(leaseMs ? { leaseMs } : {}),
      ...(stopGraceMs ? { stopGraceMs } : {}),
    });
    await runner.start();
  }

  async function change(entity: CanonicalEntity, id: string, data: Record<string, unknown> = {}) {
    const producer = await stream.producer();
    const message = encodeCanonical({
      id,
      entity,
      op: 'upsert',
      version: Date.now(),
      changedAt: new Date().toISOString(),
      data: { id, ...data },
    });
    await producer.send(canonicalTopic(entity, namespace), [message]);
  }

  const ledger = () => new Ledger(db.orm);
  const row = (key: string) => ledger().get('order-to-erp', key);

  it('runs the key a change calls for and records the outcome', async () => {
    const { flow, script, calls } = scriptedFlow();
    const key = randomUUID();
    script.set(key, [() => ({ state: 'done', targetId: 'SO-1', sourceVersion: 'h1' })]);
    await start(flow);
    await change('order', key);
    const done = await waitFor(async () => (await row(key))?.state === 'done' && row(key));
    expect(done).toMatchObject({ targetId: 'SO-1', sourceVersion: 'h1', attempts: 0 });
    // The echo of its own write comes back: sync sees what it recorded, and nothing changes.
    await change('order', key);
    await waitFor(() => calls.filter((c) => c.key === key).length === 2);
    expect(calls.at(-1)?.previous).toMatchObject({ sourceVersion: 'h1', targetId: 'SO-1' });
    await waitFor(async () => (await row(key))?.state === 'done');
    expect(await row(key)).toMatchObject({ targetId: 'SO-1', sourceVersion: 'v' });
  });

  it('retries transient failures, and keeps refusals with the vendor message until retried', async () => {
    const { flow, script } = scriptedFlow();
    const flaky = randomUUID();
    const refused = randomUUID();
    script.set(flaky, [
      () => {
        throw new TransientError('429 Too Many Requests');
      },
      () => {
        throw new TransientError('503');
      },
      () => ({ state: 'done', targetId: 'SO-2', sourceVersion: 'h' }),
    ]);
    script.set(refused, [
      () => {
        throw new RefusedError('The field Quantity must be positive.', 'BadRequest');
      },
      () => ({ state: 'done', targetId: 'SO-3', sourceVersion: 'h' }),
    ]);
    await start(flow);
    await change('order', flaky);
    await change('order', refused);
    await waitFor(async () => (await row(flaky))?.state === 'done');
    const failed = await waitFor(
      async () => (await row(refused))?.state === 'failed' && row(refused),
    );
    expect(failed).toMatchObject({
      lastError: 'The field Quantity must be positive.',
      attempts: 1,
    });
    expect(await ledger().requeue('order-to-erp', { from: ['failed'], keys: [refused] })).toBe(1);
    runner?.kick();
    await waitFor(async () => (await row(refused))?.state === 'done');
    expect(await row(refused)).toMatchObject({ targetId: 'SO-3', lastError: null, attempts: 0 });
  });

  it('parks a key with its reason and runs it again when a mapping changes', async () => {
    const { flow, script } = scriptedFlow();
    const key = randomUUID();
    script.set(key, [
      () => ({ state: 'parked', reason: 'unknown SKU ABC' }),
      () => ({ state: 'done', targetId: 'SO-4', sourceVersion: 'h' }),
    ]);
    await start(flow);
    await change('order', key);
    const parked = await waitFor(async () => (await row(key))?.state === 'parked' && row(key));
    expect(parked.lastError).toBe('unknown SKU ABC');
    await change('erp-item', randomUUID());
    await waitFor(async () => (await row(key))?.state === 'done');
  });

  it('runs a key again when a change arrives while it runs', async () => {
    const { flow, calls } = scriptedFlow();
    const key = randomUUID();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    flow.sync = async (k, ctx) => {
      calls.push({ key: k, previous: ctx.previous });
      if (first) {
        first = false;
        await gate;
      }
      return { state: 'done', targetId: 'SO-5', sourceVersion: String(calls.length) };
    };
    await start(flow);
    await change('order', key);
    await waitFor(() => calls.length === 1);
    await change('order', key);
    await waitFor(async () => ((await row(key))?.generation ?? 0) >= 2);
    release();
    await waitFor(async () => (await row(key))?.sourceVersion === '2');
    expect(calls).toHaveLength(2);
  });

  it('renews the lease of a run that outlasts it, and releases it when the run ends', async () => {
    const { flow, calls } = scriptedFlow();
    const key = randomUUID();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    flow.sync = async (k, ctx) => {
      calls.push({ key: k, previous: ctx.previous });
      await gate;
      return { state: 'done', targetId: 'SO-6', sourceVersion: 'h' };
    };
    await start(flow, 300);
    await change('order', key);
    await waitFor(() => calls.length === 1);
    const claimed = (await row(key))?.leaseUntil?.getTime() ?? 0;
    expect(claimed).toBeGreaterThan(0);
    // Still running: the lease moves on, so no other worker takes the key from a live run.
    await waitFor(async () => ((await row(key))?.leaseUntil?.getTime() ?? 0) > claimed);
    release();
    await waitFor(async () => (await row(key))?.state === 'done');
    expect(await row(key)).toMatchObject({ leaseUntil: null, targetId: 'SO-6' });
    expect(calls).toHaveLength(1);
  });

  it('stops within its grace while a run ignores the abort, leaving the key to run again', async () => {
    const { flow, calls } = scriptedFlow();
    const key = randomUUID();
    // A vendor call that neither answers nor heeds the signal.
    flow.sync = async (k, ctx) => {
      calls.push({ key: k, previous: ctx.previous });
      return new Promise<FlowOutcome>(() => undefined);
    };
    await start(flow, undefined, 50);
    await change('order', key);
    await waitFor(() => calls.length === 1);
    await runner?.stop();
    runner = undefined;
    // Not recorded as done or failed: the key is still owed a run.
    expect((await row(key))?.state).not.toMatch(/^(done|failed)$/);
  });
});
