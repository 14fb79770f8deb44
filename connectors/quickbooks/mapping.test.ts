import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, eventTopic } from '../../streams/codec';
import { deleteEvent, ItemSkus, mapRecord, orderNameOf, versionOf } from './mapping';

const ctx = () => {
  const items = new ItemSkus();
  items.learn({ Id: '5', Sku: 'SKU-0005', MetaData: { LastUpdatedTime: '2026-01-01T00:00:00Z' } });
  return { items, homeCurrency: 'USD' };
};
const meta = (t = '2026-03-01T10:33:39-08:00') => ({
  MetaData: { CreateTime: t, LastUpdatedTime: t },
});

describe('QuickBooks versions', () => {
  it('orders two changes within one second by SyncToken, and a delete after both', () => {
    const t = '2026-03-01T10:33:39-08:00';
    const second = Date.parse(t);
    expect(versionOf(t, '0')).toBe(second);
    expect(versionOf(t, '3')).toBe(second + 3);
    expect(versionOf(t, '3')).toBeLessThan(versionOf(t, '4'));
    expect(versionOf(t, '5000')).toBe(second + 999);
    expect(versionOf('2026-03-01T10:33:40-08:00', '0')).toBeGreaterThan(versionOf(t, '998'));
    expect(deleteEvent('Invoice', '9', t)?.version).toBe(second + 999);
    expect(() => versionOf('yesterday', '1')).toThrow(/LastUpdatedTime/);
  });

  it('finds the Shopify order a memo names', () => {
    expect(orderNameOf(undefined, 'Voided Shopify order #1042')).toBe('#1042');
    expect(orderNameOf('no order')).toBeNull();
  });
});

describe('QuickBooks records → accounting events', () => {
  const line = {
    Id: '1',
    Description: 'Mug',
    Amount: 25.5,
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: { ItemRef: { value: '5' }, Qty: 3 },
  };
  const subtotal = { Amount: 25.5, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} };
  const doc = {
    Id: '10',
    SyncToken: '2',
    ...meta(),
    DocNumber: '1042',
    TxnDate: '2026-03-01',
    CustomerRef: { value: '3' },
    PrivateNote: 'Shopify order #1042',
    Line: [line, subtotal],
    TotalAmt: 25.5,
  };

  it('maps each entity onto its topic, valid against the contract', () => {
    const c = ctx();
    const records: [Parameters<typeof mapRecord>[0], unknown, string, string][] = [
      [
        'Customer',
        {
          Id: '3',
          ...meta(),
          DisplayName: 'Ava Adler',
          PrimaryEmailAddr: { Address: 'ava@example.com' },
          Balance: 10,
        },
        'customer',
        '3',
      ],
      ['Invoice', { ...doc, Balance: 25.5 }, 'invoice', '10'],
      ['SalesReceipt', doc, 'invoice', 'SalesReceipt:10'],
      [
        'Payment',
        {
          Id: '11',
          ...meta(),
          TxnDate: '2026-03-01',
          CustomerRef: { value: '3' },
          TotalAmt: 25.5,
          Line: [{ Amount: 25.5, LinkedTxn: [{ TxnId: '10', TxnType: 'Invoice' }] }],
        },
        'payment',
        '11',
      ],
      ['CreditMemo', doc, 'credit-memo', '10'],
      ['RefundReceipt', doc, 'credit-memo', 'RefundReceipt:10'],
      [
        'JournalEntry',
        {
          Id: '12',
          ...meta(),
          TxnDate: '2026-03-01',
          PrivateNote: 'Shopify order #1042',
          Line: [
            {
              Amount: 1.04,
              DetailType: 'JournalEntryLineDetail',
              JournalEntryLineDetail: {
                PostingType: 'Debit',
                AccountRef: { value: '90', name: 'Shopify Payments Fees' },
              },
            },
            {
              Amount: 1.04,
              DetailType: 'JournalEntryLineDetail',
              JournalEntryLineDetail: {
                PostingType: 'Credit',
                AccountRef: { value: '91', name: 'Shopify Clearing' },
              },
            },
          ],
        },
        'journal-entry',
        '12',
      ],
      [
        'Deposit',
        {
          Id: '13',
          ...meta(),
          TxnDate: '2026-03-01',
          TotalAmt: 97,
          DepositToAccountRef: { value: '35', name: 'Checking' },
          Line: [
            {
              Amount: 100,
              DetailType: 'DepositLineDetail',
              DepositLineDetail: { AccountRef: { value: '91', name: 'Shopify Clearing' } },
            },
            {
              Amount: -3,
              DetailType: 'DepositLineDetail',
              DepositLineDetail: { AccountRef: { value: '90', name: 'Shopify Payments Fees' } },
            },
          ],
        },
        'journal-entry',
        'Deposit:13',
      ],
    ];
    for (const [entity, raw, topic, id] of records) {
      const mapped = mapRecord(entity, raw, c);
      if (mapped.kind !== 'event') throw new Error(`${entity}: ${mapped.kind} ${mapped.reason}`);
      expect(mapped.event).toMatchObject({
        source: 'accounting',
        entity: topic,
        sourceId: id,
        op: 'upsert',
      });
      const decoded = decodeEvent(eventTopic(mapped.event), encodeEvent(mapped.event).value);
      expect(decoded, entity).toMatchObject({ ok: true });
    }
    const invoice = mapRecord('Invoice', { ...doc, Balance: 25.5 }, c);
    expect(invoice.kind === 'event' && invoice.event.payload).toMatchObject({
      docNumber: '1042',
      orderName: '#1042',
      customerId: '3',
      totalAmount: '25.50',
      balance: '25.50',
      lines: [{ description: 'Mug', sku: 'SKU-0005', quantity: 3, amount: '25.50' }],
      updatedAt: new Date(versionOf(doc.MetaData.LastUpdatedTime, '2')).toISOString(),
    });
    const payout = mapRecord('Deposit', records[7]?.[1], c);
    const fees =
      payout.kind === 'event'
        ? (
            payout.event.payload as {
              lines: { postingType: string; accountName: string; amount: string }[];
            }
          ).lines
        : [];
    expect(
      fees
        .filter((l) => l.postingType === 'Debit' && /fee/i.test(l.accountName))
        .map((l) => l.amount),
    ).toEqual(['3.00']);
  });

  it('skips what has no place in the contract and reports what does not validate', () => {
    const c = ctx();
    expect(mapRecord('Item', {}, c).kind).toBe('skip');
    const { CustomerRef: _none, ...walkIn } = doc;
    expect(mapRecord('SalesReceipt', walkIn, c).kind).toBe('skip');
    expect(
      mapRecord('Deposit', { Id: '1', ...meta(), TxnDate: '2026-03-01', TotalAmt: 5, Line: [] }, c)
        .kind,
    ).toBe('skip');
    const bad = mapRecord('Invoice', { ...doc, TxnDate: 'March' }, c);
    expect(bad).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('TxnDate') });
  });
});
