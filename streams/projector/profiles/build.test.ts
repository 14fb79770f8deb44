import { describe, expect, it } from 'vitest';
import { buildProfile, decideConsent, type ProfileInputs } from './build';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

const base: ProfileInputs = {
  customerId: 'a',
  identities: [
    { id: 'a', source: 'shopify', sourceId: '1' },
    { id: 'b', source: 'crm', sourceId: '7' },
  ],
  orders: [],
  crm: [],
  erp: [],
  books: [],
  formerCustomers: new Set(),
  previous: null,
};

const order = (day: number, total: string, refunds: string[] = [], cancelled = false) => ({
  currency: 'USD',
  totalPrice: total,
  createdAt: at(day),
  cancelledAt: cancelled ? at(day + 1) : null,
  refunds,
});

describe('buildProfile', () => {
  it('sums orders net of refunds, leaving out cancelled orders and those refunded in full', () => {
    const profile = buildProfile({
      ...base,
      orders: [
        order(1, '100.10', ['0.10']),
        order(2, '0.30'),
        order(3, '50.00', ['50.00']),
        order(4, '999.99', ['999.99'], true),
        order(5, '0.20'),
      ],
    });
    // 100.00 + 0.30 + 0.20: exact where floats would give 100.49999…
    expect(profile.lifetimeValue).toBe('100.50');
    expect(profile.lifetimeValueMinor).toBe(10_050);
    expect(profile.orderCount).toBe(3);
    expect(profile.averageOrderValue).toBe('33.50');
    expect(profile.refundsTotal).toBe('1050.09');
    expect(profile.firstOrderAt).toEqual(at(1));
    expect(profile.lastOrderAt).toEqual(at(5));
    expect(profile.currency).toBe('USD');
  });

  it('has no averages or dates without orders', () => {
    const profile = buildProfile(base);
    expect(profile).toMatchObject({
      lifetimeValue: '0.00',
      orderCount: 0,
      averageOrderValue: null,
      firstOrderAt: null,
      lastOrderAt: null,
      currency: null,
      hasOpenBalance: false,
      emailConsent: null,
      smsConsent: null,
    });
  });

  it('sums balances per system and says whether anything is owed', () => {
    const profile = buildProfile({
      ...base,
      erp: [{ balanceDue: '0.00', currency: 'USD' }],
      books: [
        { balance: '10.05', currency: 'USD' },
        { balance: '0.10', currency: 'USD' },
      ],
    });
    expect(profile).toMatchObject({
      erpBalance: '0.00',
      booksBalance: '10.15',
      booksCurrency: 'USD',
      hasOpenBalance: true,
    });
  });

  it('takes stage and owner from the smallest CRM identity, and names absorbed customers', () => {
    const crm = (id: string, stage: string) => ({
      id,
      lifecycleStage: stage,
      ownerEmail: `${stage}@shop.test`,
      marketingConsent: true,
      updatedAt: at(1),
    });
    const profile = buildProfile({
      ...base,
      crm: [crm('c', 'lead'), crm('b', 'customer')],
      formerCustomers: new Set(['a', 'b']),
    });
    expect(profile.lifecycleStage).toBe('customer');
    expect(profile.ownerEmail).toBe('customer@shop.test');
    expect(profile.absorbedIds).toEqual(['b']);
    expect(profile.identities).toEqual([
      { source: 'crm', sourceId: '7' },
      { source: 'shopify', sourceId: '1' },
    ]);
  });
});

describe('decideConsent', () => {
  const none = { granted: null, source: null, changedAt: null };

  it('is unknown, not granted, when no system says anything', () => {
    expect(decideConsent([], none)).toBeNull();
  });

  it('lets an opt-out anywhere win over a later grant elsewhere', () => {
    const decision = decideConsent(
      [
        { source: 'crm', granted: false, at: at(1) },
        { source: 'crm', granted: true, at: at(9) },
      ],
      none,
    );
    expect(decision).toEqual({ granted: false, source: 'crm', changedAt: at(1) });
  });

  it('dates a decision from when it changed, not from every later touch of the record', () => {
    const facts = [{ source: 'crm' as const, granted: true, at: at(9) }];
    expect(decideConsent(facts, { granted: true, source: 'crm', changedAt: at(3) })).toEqual({
      granted: true,
      source: 'crm',
      changedAt: at(3),
    });
    expect(
      decideConsent(facts, { granted: false, source: 'crm', changedAt: at(3) })?.changedAt,
    ).toEqual(at(9));
  });
});
