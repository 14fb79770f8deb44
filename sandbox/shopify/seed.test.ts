import { describe, expect, it } from 'vitest';
import { seedStore, type SeedOptions } from './seed';
import { cents, ShopStore } from './store';

const options: SeedOptions = {
  seed: 5,
  customers: 1000,
  products: 150,
  orders: 5000,
  locations: 3,
  now: Date.parse('2025-06-01T00:00:00Z'),
  historyDays: 365,
  currency: 'USD',
};

describe('seeded shop', () => {
  it('builds 5,000 coherent orders quickly and identically from the same seed', () => {
    const started = Date.now();
    const a = new ShopStore();
    seedStore(a, options);
    expect(Date.now() - started).toBeLessThan(5000);
    const b = new ShopStore();
    seedStore(b, options);
    expect(a.orders.size).toBe(5000);
    expect(JSON.stringify([...a.orders.values()].slice(0, 50))).toBe(
      JSON.stringify([...b.orders.values()].slice(0, 50)),
    );
    for (const order of a.orders.values()) {
      const lines = order.lineItems.reduce((s, l) => s + cents(l.unitPrice) * l.quantity, 0);
      expect(cents(order.subtotal)).toBe(lines);
      expect(cents(order.total)).toBe(cents(order.subtotal) + cents(order.tax));
      expect(order.updatedAt >= order.createdAt).toBe(true);
      expect(order.updatedAt <= new Date(options.now).toISOString()).toBe(true);
    }
    // Live changes are stamped after the seeded history.
    const latest =
      [...a.orders.values()]
        .map((o) => o.updatedAt)
        .sort()
        .at(-1) ?? '';
    expect(a.stamp() > latest).toBe(true);
  });
});
