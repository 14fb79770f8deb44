import { Type, type Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';
import { ValidationError } from '../../lib/errors';

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;
// numeric(14,2): twelve digits before the point. SQLite would store more, PostgreSQL would refuse.
const LIMIT = 10n ** 14n;

/**
 * A money amount as a decimal string with exactly two decimals ("19.9" → "19.90"), rounded half
 * away from zero like PostgreSQL's numeric. Works on the digits, so no float ever touches it.
 */
export function normaliseMoney(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  const [, sign = '', whole = '', fraction = ''] = match ?? [];
  if (!match || (!whole && !fraction)) {
    throw new ValidationError('not a decimal money amount', [JSON.stringify(value)]);
  }
  let cents = BigInt((whole || '0') + fraction.padEnd(2, '0').slice(0, 2));
  if ((fraction[2] ?? '0') >= '5') cents += 1n;
  if (cents >= LIMIT) throw new ValidationError('money amount out of range', [text]);
  const digits = cents.toString().padStart(3, '0');
  return `${sign === '-' && cents > 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * numeric(14,2) on PostgreSQL, text on SQLite. SQLite's decimal affinity would store "19.90" as the
 * REAL 19.9 and give back a float, so there the amount is kept as its normalised string instead.
 */
export class MoneyType extends Type<string | null, string | null> {
  override getColumnType(_prop: unknown, platform: Platform): string {
    return platform instanceof BaseSqlitePlatform ? 'text' : 'numeric(14,2)';
  }

  override convertToDatabaseValue(value: string | null): string | null {
    return value == null ? value : normaliseMoney(value);
  }

  override convertToJSValue(value: string | number | null): string | null {
    return value == null ? null : normaliseMoney(value);
  }

  override compareAsType(): string {
    return 'string';
  }

  override ensureComparable(): boolean {
    return false;
  }
}
