// One suite for both dialects (store.sqlite.test.ts, store.postgresql.test.ts): whatever the
// database, the store must read back exactly what was written.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AccountingCustomer,
  AppliedVersion,
  CrmDeal,
  CrmProfile,
  CustomerIdentity,
  Order,
  OrderLine,
  Outbox,
} from './entities';
import { variantId } from './ids';
import { migrate } from './migrate';
import type { Dialect } from './mikro-orm.config';
import { closeORM, dialect, initORM, type Db } from './orm';
import { sampleLine, sampleOrder, sampleRows } from '../test/fixtures/store';

export function storeContract(expected: Dialect, url: () => string): void {
  let db: Db;
  // A fresh fork per read, so what comes back is read from the database, not the identity map.
  const fresh = () => db.em.fork();
  beforeAll(async () => {
    db = await initORM(url(), { migrate: true });
  });
  afterAll(() => closeORM(url()));

  it('opens the expected dialect, cached per URL', async () => {
    expect(dialect(db.orm)).toBe(expected);
    expect(await initORM(url())).toBe(db);
  });

  it('has nothing left to migrate, and the migrations match the entities', async () => {
    expect(await migrate(db.orm)).toEqual([]);
    // A non-empty diff means an entity changed without `npm run migration:create`.
    expect(await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('round-trips an order: money as decimal strings, version as a number', async () => {
    const order = sampleOrder();
    await db.em.fork().insert(Order, order);
    const read = await fresh().findOneOrFail(Order, { id: order.id });
    expect(read).toEqual(order);
    expect(read.totalPrice).toBe('19.90');
    expect(read.subtotalPrice).toBe('1234567890.12');
    expect(typeof read.version).toBe('number');
    // Raw SQL sees the column as stored: money is still a string, but PostgreSQL's bigint arrives
    // as a string too (only entities convert it), so raw readers must Number() it themselves.
    const [raw] = await db.em.execute('select total_price, version from orders');
    expect(raw?.total_price).toBe('19.90');
    expect(Number(raw?.version)).toBe(order.version);
  });

  it('normalises money written without its trailing zero', async () => {
    const em = db.em.fork();
    em.create(OrderLine, { ...sampleLine(), unitPrice: '4.5' });
    await em.flush();
    const read = await fresh().findOneOrFail(OrderLine, { variantId: variantId('sku-1') });
    expect(read.unitPrice).toBe('4.50');
  });

  it('writes and reads a row of every table', async () => {
    const em = db.em.fork();
    for (const insert of sampleRows()) insert(em);
    await em.flush();
    const reader = fresh();
    const identity = await reader.findOneOrFail(CustomerIdentity, { emailNorm: 'ada@example.com' });
    expect(identity.addresses).toEqual([{ city: 'London', zip: 'N1' }]);
    const deal = await reader.findOneOrFail(CrmDeal, { sourceId: 'deal-1' });
    expect(deal).toMatchObject({ amount: '1000.00', contactSourceIds: ['contact-1'] });
    expect(await reader.findOneOrFail(CrmProfile, { sourceId: 'contact-1' })).toMatchObject({
      marketingConsent: true,
      lastActivityAt: null,
    });
    const balance = await reader.findOneOrFail(AccountingCustomer, { sourceId: 'q1' });
    expect(balance.balance).toBe('-5.50');
    const [message] = await reader.findAll(Outbox);
    expect(typeof message?.id).toBe('number');
    expect(JSON.parse(message?.messages ?? '')).toEqual([
      { topic: 'plexus.canonical.order.v1', key: expect.any(String), value: {} },
    ]);
    expect(message?.createdAt).toBeInstanceOf(Date);
  });

  it('upserts the projector book by its composite key', async () => {
    const key = { source: 'shopify', entity: 'order', sourceId: '1001' };
    const entry = { ...key, eventId: '7b0f0a4e-7a43-4a4e-9f55-7a0c8d7f0e01' };
    const em = db.em.fork();
    await em.upsert(AppliedVersion, { ...entry, version: 1, deleted: false });
    const version = Date.UTC(2031, 0, 1); // epoch ms, far past 2^32
    await em.upsert(AppliedVersion, { ...entry, version, deleted: true });
    const reader = fresh();
    const book = await reader.findOneOrFail(AppliedVersion, key);
    expect(book).toMatchObject({ version, deleted: true });
    expect(await reader.count(AppliedVersion)).toBe(1);
  });
}
