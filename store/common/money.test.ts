import { describe, expect, it } from 'vitest';
import { normaliseMoney } from './money';

// Parsing and rounding are lib/money.ts's (tested there); the store adds numeric(14,2)'s range.
describe('normaliseMoney', () => {
  it('writes what numeric(14,2) stores', () => {
    expect(normaliseMoney(' 0012.30 ')).toBe('12.30');
    expect(normaliseMoney('-1.005')).toBe('-1.01');
    expect(normaliseMoney(19.9)).toBe('19.90'); // a legacy read: a SQLite REAL
  });

  it('keeps twelve digits before the point, and refuses a thirteenth', () => {
    expect(normaliseMoney('999999999999.99')).toBe('999999999999.99');
    expect(normaliseMoney('-999999999999.99')).toBe('-999999999999.99');
    expect(() => normaliseMoney('999999999999.995')).toThrow(/range/);
    expect(() => normaliseMoney('1000000000000')).toThrow(/range/);
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => normaliseMoney('1e3')).toThrow(/decimal/);
  });
});
