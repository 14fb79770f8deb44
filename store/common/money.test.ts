import { describe, expect, it } from 'vitest';
import { normaliseMoney } from './money';

describe('normaliseMoney', () => {
  it('gives exactly two decimals', () => {
    expect(normaliseMoney('19.9')).toBe('19.90');
    expect(normaliseMoney('19.90')).toBe('19.90');
    expect(normaliseMoney('7')).toBe('7.00');
    expect(normaliseMoney('.5')).toBe('0.50');
    expect(normaliseMoney(' 0012.30 ')).toBe('12.30');
    expect(normaliseMoney('-3.1')).toBe('-3.10');
    expect(normaliseMoney('+3.1')).toBe('3.10');
  });

  it('rounds half away from zero on the digits, as numeric(14,2) does', () => {
    expect(normaliseMoney('1.005')).toBe('1.01'); // a float would say 1.00
    expect(normaliseMoney('1.0049')).toBe('1.00');
    expect(normaliseMoney('-1.005')).toBe('-1.01');
    expect(normaliseMoney('-0.001')).toBe('0.00');
  });

  it('keeps amounts a float cannot hold', () => {
    expect(normaliseMoney('999999999999.99')).toBe('999999999999.99');
  });

  it('accepts a number only as a legacy read (a SQLite REAL)', () => {
    expect(normaliseMoney(19.9)).toBe('19.90');
  });

  it('refuses what is not a decimal amount', () => {
    for (const bad of ['', '.', 'abc', '1e3', '1,50', '1.2.3', '--1']) {
      expect(() => normaliseMoney(bad), bad).toThrow(/decimal/);
    }
    expect(() => normaliseMoney('100000000000000')).toThrow(/range/);
  });
});
