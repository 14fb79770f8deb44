import { describe, expect, it } from 'vitest';
import {
  fromMinorUnits,
  isZeroMoney,
  multiplyMoney,
  percentOfMinor,
  roundMoney,
  sumMoney,
  toMinorUnits,
  vendorMoney,
} from './money';

describe('sumMoney', () => {
  it('adds exactly where binary floats drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // why this module exists
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney([0.1, 0.2])).toBe('0.30');
    expect(sumMoney(['5.00', '-7.25'])).toBe('-2.25');
    expect(sumMoney(['-0.05'])).toBe('-0.05');
    expect(sumMoney([])).toBe('0.00');
  });

  it('keeps every cent over many lines', () => {
    const lines = Array.from({ length: 10_000 }, () => '0.01');
    expect(lines.reduce((sum, line) => sum + Number(line), 0)).not.toBe(100); // floats lose it
    expect(sumMoney(lines)).toBe('100.00');
    // 0.00, 1.01, …, 99.99, 100.00, 101.01, …: 499500 in whole units and 10 × 49.50 in cents.
    const mixed = Array.from(
      { length: 1000 },
      (_, i) => `${i}.${String(i % 100).padStart(2, '0')}`,
    );
    expect(sumMoney(mixed)).toBe('499995.00');
  });

  it('adds amounts a float cannot hold', () => {
    expect(sumMoney(['999999999999.99', '0.01'])).toBe('1000000000000.00');
    expect(sumMoney(['9007199254740993.01', '1'])).toBe('9007199254740994.01');
  });

  it('rounds the sum once, not each term', () => {
    // Rounded term by term this would be 0.01 + 0.01.
    expect(sumMoney(['0.004', '0.004'])).toBe('0.01');
    expect(sumMoney(['0.005', '0.005'])).toBe('0.01');
  });

  it('sums at the scale of the currency: none for JPY, three for KWD', () => {
    expect(sumMoney(['1200', '350'], 0)).toBe('1550');
    expect(sumMoney(['0.5', '0.4'], 0)).toBe('1');
    expect(sumMoney(['1.125', '2.250'], 3)).toBe('3.375');
    expect(sumMoney(['1.125', '2.250'])).toBe('3.38');
  });

  it('refuses what is not a decimal amount', () => {
    for (const bad of ['', '.', 'abc', '1e3', '1,50', '1.2.3', '--1', 'NaN', 'Infinity']) {
      expect(() => sumMoney([bad]), bad).toThrow(/decimal/);
    }
    expect(() => sumMoney([Number.NaN])).toThrow(/money amount/);
  });
});

describe('roundMoney', () => {
  it('gives exactly two decimals', () => {
    expect(roundMoney('19.9')).toBe('19.90');
    expect(roundMoney('7')).toBe('7.00');
    expect(roundMoney('.5')).toBe('0.50');
    expect(roundMoney(' 0012.30 ')).toBe('12.30');
    expect(roundMoney('+3.1')).toBe('3.10');
    expect(roundMoney(19.9)).toBe('19.90');
  });

  it('rounds half away from zero, as numeric does, and never writes -0.00', () => {
    expect(roundMoney('1.005')).toBe('1.01'); // (1.005).toFixed(2) says 1.00
    expect(roundMoney('-1.005')).toBe('-1.01');
    expect(roundMoney('1.0049')).toBe('1.00');
    expect(roundMoney('-0.001')).toBe('0.00');
    expect(roundMoney(-0)).toBe('0.00');
  });
});

describe('multiplyMoney and isZeroMoney', () => {
  it('multiplies exactly', () => {
    expect(multiplyMoney('0.10', 3)).toBe('0.30');
    expect(multiplyMoney('25.50', 7)).toBe('178.50');
    expect(multiplyMoney('1.005', 1)).toBe('1.01');
  });

  it('knows a zero however it is written', () => {
    expect(['0', '0.00', '-0.00', '.0'].map(isZeroMoney)).toEqual([true, true, true, true]);
    expect(isZeroMoney('0.001')).toBe(false);
  });
});

describe('vendorMoney', () => {
  it('keeps two places, and up to four when the vendor has them', () => {
    expect(vendorMoney(159.89)).toBe('159.89');
    expect(vendorMoney(12)).toBe('12.00');
    expect(vendorMoney(12.3)).toBe('12.30');
    expect(vendorMoney(0.1 + 0.2)).toBe('0.30');
    expect(vendorMoney(1.2345)).toBe('1.2345');
    expect(vendorMoney(1.234)).toBe('1.234');
    expect(vendorMoney('1.23456')).toBe('1.2346');
    expect(vendorMoney('99.5')).toBe('99.50');
    expect(vendorMoney(-4.5)).toBe('-4.50');
    expect(vendorMoney(-0.001)).toBe('-0.001');
    expect(vendorMoney(-0)).toBe('0.00');
    expect(vendorMoney(-0.00001)).toBe('0.00');
  });

  it('reads a number by the decimal the JSON said, not its binary neighbour', () => {
    // 1.00005 is stored as 1.0000499999…; times 10,000 and Math.round it gives 1.0000.
    expect(vendorMoney(1.00005)).toBe('1.0001');
    expect(() => vendorMoney(Number.POSITIVE_INFINITY)).toThrow(/money amount/);
  });
});

describe('minor units', () => {
  it('converts both ways at any scale', () => {
    expect(fromMinorUnits(0)).toBe('0.00');
    expect(fromMinorUnits(5)).toBe('0.05');
    expect(fromMinorUnits(123456)).toBe('1234.56');
    expect(fromMinorUnits(-705)).toBe('-7.05');
    expect(fromMinorUnits(1500, 0)).toBe('1500');
    expect(fromMinorUnits(1500, 3)).toBe('1.500');
    for (const minor of [0, 1, 99, 100, 2599, -1, 987654321]) {
      expect(toMinorUnits(fromMinorUnits(minor))).toBe(minor);
    }
    expect(toMinorUnits('1.5')).toBe(150);
    expect(toMinorUnits('1.234', 3)).toBe(1234);
  });

  it('refuses fractions of a minor unit rather than rounding them away', () => {
    expect(() => fromMinorUnits(1.5)).toThrow(/safe integer/);
    expect(() => toMinorUnits('1.555')).toThrow(/minor units/);
    expect(() => toMinorUnits('1.5', 0)).toThrow(/minor units/);
  });

  it('takes a share in basis points, halves rounded up', () => {
    expect(percentOfMinor(1000, 725)).toBe(73); // 72.5 → 73
    expect(percentOfMinor(1000, 0)).toBe(0);
    expect(percentOfMinor(8250, 600)).toBe(495);
    expect(percentOfMinor(-1000, 725)).toBe(-72); // -72.5 → -72, as Math.floor(x + 0.5)
  });
});
