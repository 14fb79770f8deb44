import { normaliseMoney } from '../../store/common/money';

export interface Money {
  amount: string;
  currencyCode: string;
}

export function money(amount: string, currencyCode: string): Money {
  return { amount: normaliseMoney(amount), currencyCode };
}

/** Adds decimal amounts exactly, on integer cents: summing floats would drift by a cent. */
export function sumAmounts(amounts: readonly string[]): string {
  const cents = amounts.reduce((total, amount) => total + toCents(normaliseMoney(amount)), 0n);
  const sign = cents < 0n ? '-' : '';
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export function isZero(amount: string): boolean {
  return toCents(normaliseMoney(amount)) === 0n;
}

function toCents(normalised: string): bigint {
  return BigInt(normalised.replace('.', ''));
}
