import { describe, expect, it } from 'vitest';
import { isZero, money, sumAmounts } from './money';

describe('money', () => {
  it('keeps two decimals as a string', () => {
    expect(money('19.9', 'EUR')).toEqual({ amount: '19.90', currencyCode: 'EUR' });
  });

  it('adds exactly, where floats would drift', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(Array.from({ length: 1000 }, () => '0.01'))).toBe('10.00');
    expect(sumAmounts(['5.00', '-7.25'])).toBe('-2.25');
    expect(sumAmounts(['-0.05'])).toBe('-0.05');
    expect(sumAmounts([])).toBe('0.00');
  });

  it('knows a zero balance however it is written', () => {
    expect(isZero('0')).toBe(true);
    expect(isZero('0.00')).toBe(true);
    expect(isZero('0.01')).toBe(false);
  });
});
