import { describe, expect, it } from 'vitest';
import { money } from './money';

describe('money', () => {
  it('keeps two decimals as a string', () => {
    expect(money('19.9', 'EUR')).toEqual({ amount: '19.90', currencyCode: 'EUR' });
  });
});
