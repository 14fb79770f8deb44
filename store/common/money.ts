import { Type, type Platform } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';
import { ValidationError } from '../../lib/errors';
import { roundMoney } from '../../lib/money';

// numeric(14,2): twelve digits before the point. SQLite would store more, PostgreSQL would refuse.
const WHOLE_DIGITS = 12;

/**
 * A money amount as the store keeps it: exactly two decimals ("19.9" → "19.90"), rounded as
 * PostgreSQL's numeric rounds, and refused past what numeric(14,2) holds.
 */
export function normaliseMoney(value: string | number): string {
  const amount = roundMoney(value);
  if (amount.replace('-', '').indexOf('.') > WHOLE_DIGITS) {
    throw new ValidationError('money amount out of range', [String(value)]);
  }
  return amount;
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
