import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuickBooksSandbox, type QboSandbox } from './index';
import { post, qbo, refresh } from './testing';

let sb: QboSandbox;
let token: string;
beforeAll(async () => {
  sb = await startQuickBooksSandbox({
    port: 0,
    customers: 5,
    items: 3,
    invoices: 5,
    catalog: [{ sku: 'MUG-1', name: 'Mug', price: 12.5 }],
    rateLimit: { requests: 10_000, windowSeconds: 60 },
  });
  token = String((await refresh(sb, sb.refreshTokens.newest)).body.access_token);
});
afterAll(async () => {
  await sb.close();
});

const item = () => sb.store.list('Item').find((i) => i.Sku === 'MUG-1')!;
const customer = () => sb.store.list('Customer')[0]!;
const receipt = (docNumber: string) => ({
  DocNumber: docNumber,
  CustomerRef: { value: customer().Id },
  PrivateNote: `Shopify order ${docNumber}`,
  Line: [
    {
      Amount: 25,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: item().Id }, UnitPrice: 12.5, Qty: 2 },
    },
  ],
  TxnTaxDetail: { TotalTax: 2.01 },
});
const faultOf = (body: Record<string, unknown>) =>
  (body as { Fault: { Error: { code: string; Message: string }[]; type: string } }).Fault;

describe('QuickBooks sandbox: writes', () => {
  it('creates a sales receipt with the subtotal line and the tax in the total, and tells CDC', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    const created = await post(sb, token, 'salesreceipt', receipt('#1001'));
    expect(created.status).toBe(200);
    const doc = created.body.SalesReceipt as Record<string, unknown>;
    expect(doc).toMatchObject({ DocNumber: '#1001', TotalAmt: 27.01, Balance: 0, SyncToken: '0' });
    expect((doc.Line as { DetailType: string; Amount: number }[]).at(-1)).toMatchObject({
      DetailType: 'SubTotalLineDetail',
      Amount: 25,
    });
    const cdc = await qbo(sb, token, 'cdc', { entities: 'SalesReceipt', changedSince: since });
    expect(JSON.stringify(cdc.body)).toContain('"DocNumber":"#1001"');
  });

  it('answers a repeated requestid with the original answer and creates nothing more', async () => {
    const before = sb.store.list('SalesReceipt').length;
    const first = await post(sb, token, 'salesreceipt', receipt('#1002'), { requestid: 'rq-1' });
    const again = await post(sb, token, 'salesreceipt', receipt('#1002'), { requestid: 'rq-1' });
    expect(again).toEqual(first);
    expect(sb.store.list('SalesReceipt').length).toBe(before + 1);
  });

  it('refuses a duplicate DocNumber (6140), a long one (2050) and a wrong amount (6070)', async () => {
    const duplicate = await post(sb, token, 'salesreceipt', receipt('#1001'));
    expect(duplicate.status).toBe(400);
    expect(faultOf(duplicate.body)).toMatchObject({
      type: 'ValidationFault',
      Error: [{ code: '6140', Message: 'Duplicate Document Number Error' }],
    });
    const long = await post(sb, token, 'salesreceipt', receipt('#1234567890123456789012'));
    expect(faultOf(long.body).Error[0]?.code).toBe('2050');
    const wrong = receipt('#1003');
    wrong.Line[0]!.Amount = 24;
    expect(faultOf((await post(sb, token, 'salesreceipt', wrong)).body).Error[0]?.code).toBe(
      '6070',
    );
    const noItem = receipt('#1004');
    noItem.Line[0]!.SalesItemLineDetail.ItemRef.value = '999999';
    expect(faultOf((await post(sb, token, 'salesreceipt', noItem)).body).Error[0]?.code).toBe(
      '2500',
    );
  });

  it('updates by Id and SyncToken, and refuses a stale SyncToken with 5010', async () => {
    const created = await post(sb, token, 'customer', {
      DisplayName: 'Ada Lovelace (Shopify 77)',
      PrimaryEmailAddr: { Address: 'ada@example.com' },
    });
    const c = created.body.Customer as { Id: string; SyncToken: string };
    const updated = await post(sb, token, 'customer', {
      Id: c.Id,
      SyncToken: c.SyncToken,
      sparse: true,
      PrimaryPhone: { FreeFormNumber: '555-0100' },
    });
    expect(updated.body.Customer).toMatchObject({
      SyncToken: '1',
      DisplayName: 'Ada Lovelace (Shopify 77)',
      PrimaryPhone: { FreeFormNumber: '555-0100' },
    });
    const stale = await post(sb, token, 'customer', {
      Id: c.Id,
      SyncToken: '0',
      sparse: true,
      GivenName: 'Ada',
    });
    expect(faultOf(stale.body).Error[0]?.code).toBe('5010');
    const twin = await post(sb, token, 'customer', { DisplayName: 'Ada Lovelace (Shopify 77)' });
    expect(faultOf(twin.body).Error[0]?.code).toBe('6240');
  });

  it('deposits a payout whose lines add up to its total, fees as a negative line', async () => {
    const created = await post(sb, token, 'deposit', {
      DepositToAccountRef: { value: '35', name: 'Checking' },
      PrivateNote: 'Shopify payout 1',
      Line: [
        {
          Amount: 100.1,
          DetailType: 'DepositLineDetail',
          DepositLineDetail: { AccountRef: { value: '91' } },
        },
        {
          Amount: -3.2,
          DetailType: 'DepositLineDetail',
          DepositLineDetail: { AccountRef: { value: '90' } },
        },
      ],
    });
    expect(created.body.Deposit).toMatchObject({ TotalAmt: 96.9 });
  });

  it('invents no Shopify orders, fees or payouts of its own', () => {
    sb.traffic.step(200);
    expect(sb.store.list('SalesReceipt').every((r) => r.PrivateNote.startsWith('Shopify'))).toBe(
      true,
    );
    expect(sb.store.list('Deposit')).toHaveLength(1);
    expect(sb.store.list('JournalEntry')).toHaveLength(0);
    expect(sb.store.list('Invoice').some((i) => /#/.test(i.PrivateNote))).toBe(false);
  });
});
