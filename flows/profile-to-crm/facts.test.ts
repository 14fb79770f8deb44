import { describe, expect, it } from 'vitest';
import {
  changedProperties,
  computeFacts,
  FACT_PROPERTY_NAMES,
  toProperties,
  type OrderFact,
} from './facts';

const order = (over: Partial<OrderFact>): OrderFact => ({
  totalPrice: '100.00',
  currency: 'USD',
  createdAt: new Date('2026-03-01T10:00:00Z'),
  cancelledAt: null,
  refunds: [],
  ...over,
});

describe('computeFacts', () => {
  it('sums orders net of refunds, leaves out cancelled ones and other currencies', () => {
    const facts = computeFacts(
      [
        order({ totalPrice: '19.99', refunds: ['4.99'] }),
        order({ totalPrice: '0.10', createdAt: new Date('2026-05-02T23:59:00Z') }),
        order({ totalPrice: '0.20', refunds: ['0.20'] }),
        order({ totalPrice: '500.00', cancelledAt: new Date('2026-06-01T00:00:00Z') }),
        order({
          totalPrice: '70.00',
          currency: 'EUR',
          createdAt: new Date('2026-07-01T00:00:00Z'),
        }),
      ],
      [
        { balanceDue: '10.10', currency: 'USD' },
        { balanceDue: '0.20', currency: 'USD' },
        { balanceDue: '99.00', currency: 'GBP' },
      ],
      'USD',
    );
    // 19.99 - 4.99 + 0.10 + 0.20 - 0.20, exactly (no binary floating point).
    expect(facts).toEqual({
      currency: 'USD',
      lifetimeValue: '15.10',
      orderCount: 3,
      lastOrderDate: '2026-05-02',
      erpBalance: '10.30',
    });
  });

  it('gives zero and nulls for a person without orders or ERP account', () => {
    expect(computeFacts([], [], 'USD')).toEqual({
      currency: 'USD',
      lifetimeValue: '0.00',
      orderCount: 0,
      lastOrderDate: null,
      erpBalance: null,
    });
  });
});

describe('the properties written', () => {
  it('are Plexus’s own, never a consent or HubSpot property', () => {
    const written = Object.keys(toProperties(computeFacts([order({})], [], 'USD')));
    expect(written.sort()).toEqual([...FACT_PROPERTY_NAMES].sort());
    for (const name of written) expect(name).toMatch(/^plexus_/);
  });

  it('are only those whose value differs, numbers by value', () => {
    const wanted = toProperties(computeFacts([order({ totalPrice: '12.50' })], [], 'USD'));
    expect(
      changedProperties(wanted, {
        plexus_lifetime_value: '12.5',
        plexus_order_count: '1',
        plexus_last_order_date: '2026-03-01',
        plexus_erp_balance: null,
        plexus_currency: 'USD',
      }),
    ).toEqual({});
    expect(changedProperties(wanted, { plexus_order_count: '2' })).toEqual({
      plexus_lifetime_value: '12.50',
      plexus_order_count: '1',
      plexus_last_order_date: '2026-03-01',
      plexus_currency: 'USD',
    });
  });
});
