import { describe, expect, it } from 'vitest';
import { sumMoney } from '../../lib/money';
import {
  DOC_NUMBER_MAX,
  depositDecision,
  docNumberOf,
  refundDecision,
  requestIdOf,
  saleDecision,
  type OrderFacts,
  type PayoutFacts,
} from './decide';
import { defaultMoneyToBooksSettings as settings } from './settings';

const items = {
  bySku: new Map([
    ['MUG-1', { value: '11', name: 'Mug' }],
    ['TEE-2', { value: '12', name: 'Tee' }],
  ]),
  shipping: { value: '20', name: 'Shipping' },
  refund: { value: '21', name: 'Refunds' },
};

const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  name: '#1001',
  currency: 'USD',
  createdAt: new Date('2026-12-02T10:00:00Z'),
  financialStatus: 'paid',
  // 3 × 0.10 + 1 × 19.99 = 20.29; 8% tax 1.62; shipping 4.95.
  subtotalPrice: '20.29',
  totalTax: '1.62',
  totalPrice: '26.86',
  lines: [
    { sku: 'mug-1', title: 'Mug', quantity: 3, unitPrice: '0.10' },
    { sku: 'TEE-2', title: 'Tee', quantity: 1, unitPrice: '19.99' },
  ],
  ...over,
});

type Line = { Amount: number; DetailType: string };
const linesOf = (d: ReturnType<typeof saleDecision>) =>
  d.kind === 'write' ? (d.body.Line as Line[]) : [];
/** What QuickBooks makes the total: item lines − discount + tax, in decimal. */
const qboTotal = (d: ReturnType<typeof saleDecision>) => {
  if (d.kind !== 'write') return undefined;
  const lines = linesOf(d);
  const tax = (d.body.TxnTaxDetail as { TotalTax: number } | undefined)?.TotalTax ?? 0;
  return sumMoney([
    ...lines.map((l) => (l.DetailType === 'DiscountLineDetail' ? -l.Amount : l.Amount)),
    tax,
  ]);
};

describe('money → books: a paid order', () => {
  it('becomes a sales receipt with lines by item, shipping and tax that add up to the order, to the cent', () => {
    const d = saleDecision(order(), items, { value: '7' }, settings);
    expect(d).toMatchObject({ kind: 'write', entity: 'SalesReceipt', docNumber: '#1001' });
    expect(linesOf(d).map((l) => [l.DetailType, l.Amount])).toEqual([
      ['SalesItemLineDetail', 0.3],
      ['SalesItemLineDetail', 19.99],
      ['SalesItemLineDetail', 4.95],
    ]);
    expect(qboTotal(d)).toBe('26.86');
    expect(d.kind === 'write' && d.body).toMatchObject({
      PrivateNote: 'Shopify order #1001',
      CustomerRef: { value: '7' },
      TxnTaxDetail: { TotalTax: 1.62 },
      DepositToAccountRef: settings.accounts.receipts,
    });
  });

  it('takes a discount off as a discount line', () => {
    const d = saleDecision(
      order({ subtotalPrice: '18.29', totalPrice: '24.86' }),
      items,
      undefined,
      settings,
    );
    expect(linesOf(d).at(-1)).toMatchObject({ DetailType: 'DiscountLineDetail', Amount: 2 });
    expect(qboTotal(d)).toBe('24.86');
  });

  it('is an invoice under invoice-and-payment', () => {
    const d = saleDecision(
      order(),
      items,
      { value: '7' },
      {
        ...settings,
        sales: 'invoice-and-payment',
      },
    );
    expect(d).toMatchObject({ kind: 'write', entity: 'Invoice' });
    expect(d.kind === 'write' && 'DepositToAccountRef' in d.body).toBe(false);
  });

  it('skips unpaid and old orders, parks unknown SKUs and orders that do not add up', () => {
    expect(
      saleDecision(order({ financialStatus: 'pending' }), items, undefined, settings).kind,
    ).toBe('skip');
    expect(
      saleDecision(order(), items, undefined, {
        ...settings,
        ordersSince: new Date('2026-12-03T00:00:00Z'),
      }).kind,
    ).toBe('skip');
    const unknown = order({
      lines: [{ sku: 'NOPE', title: 'Nope', quantity: 1, unitPrice: '20.29' }],
    });
    expect(saleDecision(unknown, items, undefined, settings)).toEqual({
      kind: 'park',
      reason: 'no QuickBooks item with SKU NOPE',
    });
    expect(saleDecision(order({ totalPrice: '1.00' }), items, undefined, settings).kind).toBe(
      'park',
    );
  });

  it('keeps its source version while the order says the same, and changes it when it does not', () => {
    const a = saleDecision(order(), items, { value: '7' }, settings);
    const b = saleDecision(order(), items, { value: '7' }, settings);
    const c = saleDecision(
      order({ totalTax: '1.63', totalPrice: '26.87' }),
      items,
      { value: '7' },
      settings,
    );
    expect(a.kind === 'write' && b.kind === 'write' && a.sourceVersion === b.sourceVersion).toBe(
      true,
    );
    expect(a.kind === 'write' && c.kind === 'write' && a.sourceVersion !== c.sourceVersion).toBe(
      true,
    );
  });
});

describe('money → books: keys QuickBooks knows', () => {
  it('makes DocNumbers of at most 21 characters, and requestids of at most 50', () => {
    expect(docNumberOf('#1001', '-R2')).toBe('#1001-R2');
    const long = docNumberOf('#SHOP-EU-2026-000001234', '-R12');
    expect(long.length).toBe(DOC_NUMBER_MAX);
    expect(long.endsWith('1234-R12')).toBe(true);
    const id = requestIdOf('order:0b8f0c3e-7d2a-5e1b-9c4d-3f2a1b0c9d8e', 'abc');
    expect(id.length).toBeLessThanOrEqual(50);
    expect(requestIdOf('order:x', 'abc')).toBe(requestIdOf('order:x', 'abc'));
    expect(requestIdOf('order:x', 'abc')).not.toBe(requestIdOf('order:x', 'abd'));
  });
});

describe('money → books: a refund', () => {
  it('becomes a refund receipt of the refunded amount under the order name', () => {
    const d = refundDecision(
      order(),
      { amount: '6.72', createdAt: new Date('2026-12-03T00:00:00Z'), note: null, position: 2 },
      items,
      { value: '7' },
      settings,
    );
    expect(d).toMatchObject({
      kind: 'write',
      entity: 'RefundReceipt',
      docNumber: '#1001-R2',
      total: '6.72',
      body: { Line: [{ Amount: 6.72, SalesItemLineDetail: { ItemRef: { value: '21' } } }] },
    });
    const memo = refundDecision(
      order(),
      { amount: '6.72', createdAt: new Date(), note: null, position: 1 },
      items,
      undefined,
      { ...settings, refunds: 'credit-memo' },
    );
    expect(memo.kind).toBe('park');
  });
});

describe('money → books: a payout', () => {
  // Fees of 2.9% + 30¢ on 10.00, 33.33 and 0.99: 0.59, 1.27, 0.33.
  const payout: PayoutFacts = {
    legacyId: '555',
    issuedAt: '2026-12-02T18:00:00.000Z',
    status: 'PAID',
    net: '35.85',
    currency: 'USD',
    transactions: [
      { type: 'CHARGE', amount: '10.00', fee: '0.59', orderName: '#1001', adjustmentReason: null },
      { type: 'CHARGE', amount: '33.33', fee: '1.27', orderName: '#1002', adjustmentReason: null },
      { type: 'CHARGE', amount: '0.99', fee: '0.33', orderName: '#1003', adjustmentReason: null },
      { type: 'REFUND', amount: '-5.00', fee: '0.00', orderName: '#1001', adjustmentReason: null },
      {
        type: 'ADJUSTMENT',
        amount: '-1.28',
        fee: '0.00',
        orderName: null,
        adjustmentReason: 'Billing debit',
      },
    ],
  };

  it('is a deposit whose lines are its charges, refunds, adjustments and fees, equal to its net to the cent', () => {
    const d = depositDecision(payout, settings);
    expect(d.kind).toBe('write');
    if (d.kind !== 'write') return;
    const lines = d.body.Line as {
      Amount: number;
      Description: string;
      DepositLineDetail: { AccountRef: { value: string } };
    }[];
    expect(lines.map((l) => l.Description)).toEqual([
      'Charge #1001',
      'Charge #1002',
      'Charge #1003',
      'Refund #1001',
      'Adjustment: Billing debit',
      'Shopify Payments fees (3)',
    ]);
    const fee = lines.at(-1);
    expect(fee?.Amount).toBe(-2.19);
    expect(fee?.DepositLineDetail.AccountRef).toEqual(settings.accounts.fees);
    expect(sumMoney(lines.map((l) => l.Amount))).toBe('35.85');
    expect(d.body.DepositToAccountRef).toEqual(settings.accounts.bank);
  });

  it('writes nothing when the transactions do not come to the net, or the payout is not paid', () => {
    expect(depositDecision({ ...payout, net: '35.86' }, settings).kind).toBe('park');
    expect(depositDecision({ ...payout, status: 'SCHEDULED' }, settings).kind).toBe('skip');
  });
});
