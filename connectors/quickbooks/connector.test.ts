import { afterEach, describe, expect, it } from 'vitest';
import { startQuickBooksSandbox, type QboSandbox } from '../../sandbox/quickbooks';
import { MemoryCheckpointStore } from '../common/checkpoint';
import { runBackfill } from './backfill';
import type { QboClient } from './client';
import type { QuickBooksConnector } from './index';
import { startTestConnector, testContext } from '../../test/doubles/quickbooks';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function sandbox(options: Parameters<typeof startQuickBooksSandbox>[0] = {}) {
  const sb = await startQuickBooksSandbox({
    port: 0,
    customers: 40,
    items: 12,
    invoices: 120,
    rateLimit: { requests: 100_000, windowSeconds: 60 },
    ...options,
  });
  cleanup.push(sb.close);
  return sb;
}

/** What the sandbox holds, as `<topic> <sourceId>` lines. */
export function expectedRecords(sb: QboSandbox): string[] {
  const s = sb.store;
  return [
    ...s.list('Customer').map((r) => `customer ${r.Id}`),
    ...s.list('Invoice').map((r) => `invoice ${r.Id}`),
    ...s.list('SalesReceipt').map((r) => `invoice SalesReceipt:${r.Id}`),
    ...s.list('Payment').map((r) => `payment ${r.Id}`),
    ...s.list('CreditMemo').map((r) => `credit-memo ${r.Id}`),
    ...s.list('RefundReceipt').map((r) => `credit-memo RefundReceipt:${r.Id}`),
    ...s.list('JournalEntry').map((r) => `journal-entry ${r.Id}`),
  ].sort();
}

const upserted = (events: { entity: string; sourceId: string; op: string }[]) =>
  [
    ...new Set(events.filter((e) => e.op === 'upsert').map((e) => `${e.entity} ${e.sourceId}`)),
  ].sort();

/** Runs `after(n)` after the n-th answered query of `entity` (1-based). */
function afterQueries(entity: string, after: (n: number) => void) {
  let n = 0;
  return (client: QboClient): QboClient => ({
    ...client,
    stats: client.stats,
    async query(e, statement) {
      const page = await client.query(e, statement);
      if (e === entity) after(++n);
      return page;
    },
  });
}

describe('QuickBooks backfill (against the sandbox over HTTP)', () => {
  it('publishes every record once, with SKUs on invoice lines, and sets the CDC watermark', async () => {
    const sb = await sandbox();
    const t = await startTestConnector(sb);
    cleanup.push(() => t.connector.stop());
    const result = await t.connector.backfill({ pageSize: 25 });
    const all = t.events();
    expect(upserted(all)).toEqual(expectedRecords(sb));
    expect(all).toHaveLength(expectedRecords(sb).length);
    expect(result.records).toBe(all.length);
    const invoice = sb.store.list('Invoice')[0];
    const event = all.find((e) => e.entity === 'invoice' && e.sourceId === invoice?.Id);
    const detail = invoice?.Line[0]?.SalesItemLineDetail;
    const item = detail && sb.store.tables.Item.get(detail.ItemRef.value);
    expect(item?.Sku).toMatch(/^SKU-/);
    expect(event?.payload).toMatchObject({
      totalAmount: invoice?.TotalAmt.toFixed(2),
      orderName: null,
      lines: expect.arrayContaining([expect.objectContaining({ sku: item?.Sku })]),
    });
    expect(await t.checkpoints.get('cdc:watermark')).toMatch(/^\d{4}-/);
    // A second call finds every entity done.
    expect((await t.connector.backfill()).records).toBe(0);
  });

  it('skips no row when rows before its place are deleted between pages', async () => {
    const sb = await sandbox();
    const doomed = sb.store
      .list('Invoice')
      .slice(0, 40)
      .filter((i) => i.LinkedTxn.length === 0);
    expect(doomed.length).toBeGreaterThan(5);
    const { ctx, producer } = testContext(sb, {
      // After the 3rd invoice page, delete more low-id invoices than one overlap covers.
      wrap: afterQueries('Invoice', (n) => {
        if (n === 3) for (const i of doomed) sb.store.delete('Invoice', i.Id);
      }),
    });
    await runBackfill(ctx, { pageSize: 10, entities: ['Item', 'Invoice'] });
    const got = new Set(producer.events().map((e) => e.sourceId));
    const survivors = sb.store.list('Invoice').map((i) => i.Id);
    expect(survivors.filter((id) => !got.has(id))).toEqual([]);
  });

  it('resumes from its checkpoint after a failure instead of starting over', async () => {
    const sb = await sandbox();
    const checkpoints = new MemoryCheckpointStore();
    const broken = testContext(sb, {
      checkpoints,
      wrap: afterQueries('Invoice', (n) => {
        if (n === 4) throw new Error('connection lost');
      }),
    });
    await expect(runBackfill(broken.ctx, { pageSize: 10 })).rejects.toThrow('connection lost');
    const before = broken.producer.events().length;
    expect(before).toBeGreaterThan(40);
    const statements: string[] = [];
    const resumed = testContext(sb, {
      checkpoints,
      wrap: (client) => ({
        ...client,
        stats: client.stats,
        query: (e, statement) => {
          statements.push(statement);
          return client.query(e, statement);
        },
      }),
    });
    await runBackfill(resumed.ctx, { pageSize: 10 });
    // Customers were done: not read again; invoices resume mid-way.
    expect(statements.some((s) => s.startsWith('select * from Customer'))).toBe(false);
    expect(statements.find((s) => s.startsWith('select * from Invoice'))).toMatch(
      /startposition (2[0-9]|3[0-9])/,
    );
    const all = [...broken.producer.events(), ...resumed.producer.events()];
    expect(upserted(all)).toEqual(expectedRecords(sb));
  });
});

/** Waits out the sandbox's batch window and deliveries, then each connector's webhook queue. */
async function delivered(sb: QboSandbox, connectors: { connector: QuickBooksConnector }[]) {
  await new Promise((resolve) => setTimeout(resolve, 150));
  await sb.deliveries.idle();
  for (const t of connectors) {
    const queue = () => t.connector.stats().queue;
    for (
      let i = 0;
      i < 200 && (queue().depth > 0 || queue().processed < queue().enqueued);
      i += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('QuickBooks webhooks (sandbox deliveries → ingress → worker)', () => {
  it('re-reads the named records in one query per entity and turns deletes into delete events', async () => {
    const sb = await sandbox({ webhookBatchMs: 50 });
    const t = await startTestConnector(sb);
    cleanup.push(() => t.connector.stop());
    sb.webhooks.subscribe(`${t.connector.ingress.url}/webhooks/accounting`);
    sb.deliveries.set({ duplicateRate: 1 });
    const victim = sb.store.list('Invoice').find((i) => i.LinkedTxn.length === 0);
    if (!victim) throw new Error('no unpaid invoice');
    const customer = sb.store.list('Customer')[0];
    if (!customer) throw new Error('no customer');
    sb.store.update('Customer', customer);
    sb.store.delete('Invoice', victim.Id);
    sb.traffic.step(15);
    await delivered(sb, [t]);
    expect(sb.deliveries.stats.duplicated).toBeGreaterThan(0);
    const events = t.events();
    expect(events).toContainEqual(
      expect.objectContaining({ entity: 'invoice', sourceId: victim.Id, op: 'delete' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ entity: 'customer', sourceId: customer.Id, op: 'upsert' }),
    );
    // Duplicated deliveries published nothing twice.
    const keys = events.map((e) => `${e.entity}:${e.sourceId}:${e.version}:${e.op}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('publishes the same events for the same changes whether Intuit sends legacy or CloudEvents', async () => {
    const sb = await sandbox({ webhookBatchMs: 50 });
    const legacy = await startTestConnector(sb);
    cleanup.push(() => legacy.connector.stop());
    const cloud = await startTestConnector(sb);
    cleanup.push(() => cloud.connector.stop());
    sb.webhooks.subscribe(`${legacy.connector.ingress.url}/webhooks/accounting`, {
      format: 'legacy',
    });
    sb.webhooks.subscribe(`${cloud.connector.ingress.url}/webhooks/accounting`, {
      format: 'cloudevents',
    });
    const victim = sb.store.list('Invoice').find((i) => i.LinkedTxn.length === 0);
    if (!victim) throw new Error('no unpaid invoice');
    sb.store.delete('Invoice', victim.Id);
    sb.traffic.step(15);
    // Nothing changes the books from here on, so both connectors read the same records.
    await delivered(sb, [legacy, cloud]);
    // Everything but the per-event id, in a stable order.
    const published = (events: ReturnType<typeof legacy.events>) =>
      events.map(({ eventId: _eventId, ...rest }) => JSON.stringify(rest)).sort();
    const fromLegacy = published(legacy.events());
    expect(fromLegacy.length).toBeGreaterThan(1);
    expect(legacy.events()).toContainEqual(
      expect.objectContaining({ entity: 'invoice', sourceId: victim.Id, op: 'delete' }),
    );
    expect(published(cloud.events())).toEqual(fromLegacy);
  });
});
