import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuickBooksSandbox, type QboSandbox } from './index';
import { qbo, query, refresh } from './testing';

let skewMs = 0;
let sb: QboSandbox;
let token: string;
beforeAll(async () => {
  sb = await startQuickBooksSandbox({
    port: 0,
    customers: 30,
    items: 10,
    invoices: 250,
    rateLimit: { requests: 10_000, windowSeconds: 60 },
    clock: () => Date.now() + skewMs,
  });
  const first = await refresh(sb, 'AB11-sandbox-initial-refresh-token');
  token = String(first.body.access_token);
});
afterAll(async () => {
  await sb.close();
});

type Rows = Record<string, unknown>[];

describe('QuickBooks sandbox: OAuth2 with rotating refresh tokens', () => {
  it('rotates: the old refresh token dies once a newer one has been used', async () => {
    const r0 = sb.refreshTokens.newest;
    const a = await refresh(sb, r0);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const r1 = String(a.body.refresh_token);
    expect(r1).not.toBe(r0);
    // The answer was "lost": r0 still works until r1 is used, and names r1 again.
    const again = await refresh(sb, r0);
    expect(again.body.refresh_token).toBe(r1);
    const b = await refresh(sb, r1);
    expect(b.status).toBe(200);
    const stale = await refresh(sb, r0);
    expect(stale).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect((await refresh(sb, String(b.body.refresh_token))).status).toBe(200);
  });

  it('refuses missing and expired access tokens with the QBO 401 body', async () => {
    const none = await qbo(sb, 'nope', 'query', { query: 'select * from Customer' });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({
      fault: { error: [{ code: '3200' }], type: 'AUTHENTICATION' },
    });
    skewMs = 3601_000;
    const expired = await query(sb, token, 'select * from Customer');
    skewMs = 0;
    expect(expired.status).toBe(401);
  });

  it('requires minorversion 75 or later', async () => {
    const old = await query(sb, token, 'select * from Customer', { minorversion: '65' });
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ Fault: { type: 'ValidationFault' } });
  });
});

describe('QuickBooks sandbox: query language', () => {
  it('pages with STARTPOSITION and MAXRESULTS, each invoice once', async () => {
    const ids: unknown[] = [];
    for (let start = 1; ; start += 100) {
      const res = await query(
        sb,
        token,
        `select * from Invoice STARTPOSITION ${start} MAXRESULTS 100`,
      );
      const qr = res.body.QueryResponse as { Invoice?: Rows; startPosition?: number };
      if (!qr.Invoice) break;
      expect(qr.startPosition).toBe(start);
      ids.push(...qr.Invoice.map((i) => i.Id));
    }
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    const count = await query(sb, token, 'select count(*) from Invoice');
    expect(count.body.QueryResponse).toEqual({ totalCount: 250 });
  });

  it('filters on MetaData.LastUpdatedTime, orders, and serves real shapes', async () => {
    const since = new Date(sb.store.clock.tick()).toISOString();
    const invoice = sb.store.list('Invoice')[5];
    if (!invoice) throw new Error('no invoice');
    sb.store.update('Invoice', invoice);
    const res = await query(
      sb,
      token,
      `select * from Invoice where MetaData.LastUpdatedTime > '${since}' ORDERBY MetaData.LastUpdatedTime`,
    );
    const rows = (res.body.QueryResponse as { Invoice: Rows }).Invoice;
    expect(rows.map((r) => r.Id)).toEqual([invoice.Id]);
    expect(rows[0]).toMatchObject({
      SyncToken: '1',
      CustomerRef: { value: expect.any(String), name: expect.any(String) },
      MetaData: {
        CreateTime: expect.stringMatching(/-08:00$/),
        LastUpdatedTime: expect.any(String),
      },
      TotalAmt: expect.any(Number),
      Balance: expect.any(Number),
      DocNumber: expect.any(String),
      TxnDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const none = await query(sb, token, `select * from Customer where Id = '999999'`);
    expect(none.body.QueryResponse).toEqual({});
    const bad = await query(sb, token, 'select from where');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      Fault: { Error: [{ code: '4000' }], type: 'ValidationFault' },
    });
    const customer = await qbo(sb, token, `customer/${invoice.CustomerRef.value}`);
    expect(customer.body.Customer).toMatchObject({
      PrimaryEmailAddr: { Address: expect.any(String) },
    });
  });
});

describe('QuickBooks sandbox: CDC', () => {
  it('returns changes since a time, deleted ones as status Deleted, within 30 days', async () => {
    const since = new Date(sb.store.clock.tick()).toISOString();
    const [customer] = sb.store.list('Customer');
    if (!customer) throw new Error('no customer');
    sb.store.update('Customer', customer);
    const doomed = sb.store.list('Invoice').find((i) => i.LinkedTxn.length === 0);
    if (!doomed) throw new Error('no unpaid invoice');
    sb.store.delete('Invoice', doomed.Id);
    const res = await qbo(sb, token, 'cdc', {
      entities: 'Customer,Invoice,Payment',
      changedSince: since,
    });
    const [customers, invoices, payments] = ((
      res.body.CDCResponse as { QueryResponse: Record<string, unknown>[] }[]
    )[0]?.QueryResponse ?? []) as [{ Customer: Rows }, { Invoice: Rows }, object];
    expect(customers.Customer.map((c) => c.Id)).toEqual([customer.Id]);
    expect(invoices.Invoice).toEqual([
      {
        domain: 'QBO',
        status: 'Deleted',
        Id: doomed.Id,
        MetaData: { LastUpdatedTime: expect.any(String) },
      },
    ]);
    expect(payments).toEqual({});
    const tooOld = await qbo(sb, token, 'cdc', {
      entities: 'Customer',
      changedSince: new Date(Date.now() - 31 * 86_400_000).toISOString(),
    });
    expect(tooOld.status).toBe(400);
  });

  it('answers at most 1,000 objects, oldest first', async () => {
    const since = new Date(sb.store.clock.tick()).toISOString();
    sb.traffic.step(1500);
    const entities =
      'Customer,Invoice,SalesReceipt,Payment,RefundReceipt,CreditMemo,Deposit,JournalEntry';
    const res = await qbo(sb, token, 'cdc', { entities, changedSince: since });
    const parts =
      (res.body.CDCResponse as { QueryResponse: Record<string, unknown>[] }[])[0]?.QueryResponse ??
      [];
    const rows = parts.flatMap((p) => (Object.values(p).find(Array.isArray) ?? []) as Rows);
    expect(rows).toHaveLength(1000);
    const newest = Math.max(
      ...rows.map((r) =>
        Date.parse(String((r.MetaData as { LastUpdatedTime: string }).LastUpdatedTime)),
      ),
    );
    // What was left out is newer than everything served: the client moves changedSince on.
    const after = await qbo(sb, token, 'cdc', {
      entities,
      changedSince: new Date(newest).toISOString(),
    });
    const rest = (
      (after.body.CDCResponse as { QueryResponse: Record<string, unknown>[] }[])[0]
        ?.QueryResponse ?? []
    ).flatMap((p) => (Object.values(p).find(Array.isArray) ?? []) as Rows);
    expect(rest.length).toBeGreaterThan(0);
  });
});

describe('QuickBooks sandbox: rate limit', () => {
  it('answers 429 with the QBO fault past 500 requests per minute per realm', async () => {
    const frozen = Date.now();
    const limited = await startQuickBooksSandbox({
      port: 0,
      customers: 1,
      items: 1,
      invoices: 0,
      rateLimit: { requests: 5, windowSeconds: 60 },
      clock: () => frozen,
    });
    try {
      const t = String((await refresh(limited, limited.refreshTokens.newest)).body.access_token);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1)
        statuses.push((await query(limited, t, 'select * from Item')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await query(limited, t, 'select * from Item');
      expect(refused.body).toMatchObject({ Fault: { Error: [{ code: '3001' }], type: 'SERVICE' } });
      expect(refused.headers.get('retry-after')).toBe('60');
    } finally {
      await limited.close();
    }
  });
});
