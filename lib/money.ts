// The one place money is parsed, rounded, added and written. Amounts travel as decimal strings
// ("19.90"): the events, the store and the graph all carry them so. Arithmetic is decimal
// (bignumber.js), never binary floating point, and rounds once, at the end, half away from zero
// like PostgreSQL's numeric.
import BigNumber from 'bignumber.js';
import { ValidationError } from './errors';

// A clone, so that no other user of bignumber.js in the process can change how money rounds.
const Decimal = BigNumber.clone({ ROUNDING_MODE: BigNumber.ROUND_HALF_UP });

/** Plain decimal notation only: an exponent or a thousands separator is a mistake upstream. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** The decimal places of most currencies, and of the store's numeric(14,2) columns. */
export const CENT_SCALE = 2;

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value.trim());
}

/**
 * The exact value of an amount. A number (a vendor's JSON, a SQLite REAL) is read by its shortest
 * decimal form, which is what the JSON said; a string must be a plain decimal.
 */
function parse(value: string | number): BigNumber {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError('not a money amount', [String(value)]);
    return new Decimal(value);
  }
  if (!isDecimal(value)) {
    throw new ValidationError('not a decimal money amount', [JSON.stringify(value)]);
  }
  return new Decimal(value.trim());
}

/** Exactly `scale` decimals; never "-0.00", which would compare unequal to "0.00" as text. */
function fixed(value: BigNumber, scale: number): string {
  const text = value.toFixed(scale);
  return /^-[0.]+$/.test(text) ? text.slice(1) : text;
}

/** An amount with exactly `scale` decimals: "19.9" → "19.90", "1.005" → "1.01". */
export function roundMoney(value: string | number, scale = CENT_SCALE): string {
  return fixed(parse(value), scale);
}

/** Adds amounts exactly, then rounds once: rounding each term first could drift by a cent a line. */
export function sumMoney(amounts: readonly (string | number)[], scale = CENT_SCALE): string {
  return fixed(
    amounts.reduce<BigNumber>((total, amount) => total.plus(parse(amount)), new Decimal(0)),
    scale,
  );
}

/** `amount × quantity`, exactly, rounded once. */
export function multiplyMoney(amount: string, quantity: number, scale = CENT_SCALE): string {
  return fixed(parse(amount).times(quantity), scale);
}

/** `a − b`, exactly. */
export function subtractMoney(a: string, b: string, scale = CENT_SCALE): string {
  return fixed(parse(a).minus(parse(b)), scale);
}

/** `amount ÷ divisor`, exactly, rounded once: an average order value. */
export function divideMoney(amount: string, divisor: number, scale = CENT_SCALE): string {
  if (!Number.isSafeInteger(divisor) || divisor === 0) {
    throw new ValidationError('money can only be divided by a non-zero integer', [String(divisor)]);
  }
  return fixed(parse(amount).div(divisor), scale);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareMoney(a: string | number, b: string | number): number {
  return parse(a).comparedTo(parse(b)) ?? 0;
}

export function isZeroMoney(amount: string | number): boolean {
  return parse(amount).isZero();
}

/**
 * Between `min` and `max` decimals, for amounts as vendors give them: "99.5" → "99.50", 1.23456 →
 * "1.2346", 1.2340 → "1.234". Zeros past `min` go, so one amount has one spelling.
 */
export function vendorMoney(value: string | number, min = CENT_SCALE, max = 4): string {
  const rounded = new Decimal(fixed(parse(value), max));
  return fixed(rounded, Math.max(min, rounded.decimalPlaces() ?? 0));
}

/** Integer minor units (cents) as an amount: 1234 → "12.34". */
export function fromMinorUnits(minor: number, scale = CENT_SCALE): string {
  if (!Number.isSafeInteger(minor)) {
    throw new ValidationError('minor units must be a safe integer', [String(minor)]);
  }
  return fixed(new Decimal(minor).shiftedBy(-scale), scale);
}

/** An amount as integer minor units: "12.34" → 1234. Refuses what would need rounding. */
export function toMinorUnits(amount: string, scale = CENT_SCALE): number {
  const minor = parse(amount).shiftedBy(scale);
  if (!minor.isInteger() || !Number.isSafeInteger(minor.toNumber())) {
    throw new ValidationError(`not a whole number of minor units at scale ${scale}`, [amount]);
  }
  return minor.toNumber();
}

/** `minor × basisPoints / 10000`, halves rounded up: a tax or a cost as a share of a price. */
export function percentOfMinor(minor: number, basisPoints: number): number {
  return new Decimal(minor)
    .times(basisPoints)
    .div(10_000)
    .integerValue(BigNumber.ROUND_HALF_CEIL)
    .toNumber();
}
