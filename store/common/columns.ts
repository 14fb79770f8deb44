import {
  BigIntType,
  type EntityProperty,
  type EntitySchemaProperty,
  type Platform,
} from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';
import { MoneyType } from './money';

/** The columns every source-projected table has (docs/architecture.md, "[src]"). */
export interface SourceRecord {
  /** recordId(source, entity, sourceId) */
  id: string;
  sourceId: string;
  /** Epoch milliseconds of the source's updated-at, or a sequence: well below 2^53. */
  version: number;
  updatedAt: Date;
}

type Props<T, Owner> = { [K in keyof T]-?: EntitySchemaProperty<NonNullable<T[K]>, Owner> };

// PostgreSQL's bigint arrives as a string; 'number' mode converts it (a new instance per property,
// as MikroORM keeps per-property state on type instances).
export const bigintNumber = () => new BigIntType('number');

/**
 * An autoincrement id read as a number: bigserial on PostgreSQL; on SQLite it must be declared
 * `integer` (the rowid alias), or the schema diff sees bigint ≠ integer forever.
 */
export class SerialIdType extends BigIntType<'number'> {
  constructor() {
    super('number');
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform instanceof BaseSqlitePlatform ? 'integer' : super.getColumnType(prop, platform);
  }
}

export const money = () => ({ type: new MoneyType() });
export const text = () => ({ type: 'text' });
export const textOrNull = () => ({ type: 'text', nullable: true });
export const uuid = () => ({ type: 'uuid' });
export const timestamp = () => ({ type: 'datetime' });
export const timestampOrNull = () => ({ type: 'datetime', nullable: true });
export const integer = () => ({ type: 'integer' });

/** Spread into an EntitySchema's properties: `properties: { ...sourceProperties<Order>(), ... }`. */
export function sourceProperties<T extends SourceRecord>(): Props<SourceRecord, T> {
  return {
    id: { type: 'uuid', primary: true },
    sourceId: { type: 'text' },
    version: { type: bigintNumber() },
    updatedAt: { type: 'datetime' },
  };
}
