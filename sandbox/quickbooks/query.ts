import type { EntityName } from './model';
import { entityNames } from './model';

// The subset of the QBO query language connectors use:
//   select * | count(*) from <Entity> [where <field> <op> <value> (and …)*]
//   [orderby <field> [asc|desc]] [startposition n] [maxresults n]
// with op in = < > <= >= != in like, values quoted ('…'), numbers, booleans or ('a','b').
export interface Condition {
  field: string;
  op: '=' | '<' | '>' | '<=' | '>=' | '!=' | 'in' | 'like';
  value: string | string[];
}

export interface Query {
  count: boolean;
  entity: EntityName;
  where: Condition[];
  orderBy?: { field: string; desc: boolean };
  startPosition: number;
  maxResults: number;
}

export type Parsed = { ok: true; query: Query } | { ok: false; code: string; detail: string };

const shape =
  /^\s*select\s+(\*|count\(\*\))\s+from\s+(\w+)(?:\s+where\s+(.+?))?(?:\s+order\s*by\s+([\w.]+)(?:\s+(asc|desc))?)?(?:\s+startposition\s+(\d+))?(?:\s+maxresults\s+(\d+))?\s*;?\s*$/i;
const condition = /^\s*([\w.]+)\s*(<=|>=|!=|=|<|>|\bin\b|\blike\b)\s*(.+?)\s*$/i;

export function parseQuery(text: string): Parsed {
  const match = shape.exec(text);
  if (!match?.[1] || !match[2]) {
    return {
      ok: false,
      code: '4000',
      detail: `QueryParserError: Encountered an error parsing "${text}"`,
    };
  }
  const [, what, rawEntity, where, orderField, orderDir, start, max] = match;
  const entity = entityNames.find((n) => n.toLowerCase() === rawEntity?.toLowerCase());
  if (!entity) {
    return {
      ok: false,
      code: '4001',
      detail: `QueryValidationError: Invalid entity name: ${rawEntity}`,
    };
  }
  const conditions: Condition[] = [];
  for (const part of where ? where.split(/\s+and\s+/i) : []) {
    const c = condition.exec(part);
    const value = c?.[3] ? parseValue(c[3]) : undefined;
    if (!c?.[1] || !c[2] || value === undefined) {
      return { ok: false, code: '4000', detail: `QueryParserError: Encountered "${part.trim()}"` };
    }
    conditions.push({ field: c[1], op: c[2].toLowerCase() as Condition['op'], value });
  }
  return {
    ok: true,
    query: {
      count: what !== '*',
      entity,
      where: conditions,
      ...(orderField
        ? { orderBy: { field: orderField, desc: orderDir?.toLowerCase() === 'desc' } }
        : {}),
      startPosition: Math.max(1, Number(start ?? 1)),
      // QBO answers 100 rows unless told otherwise, and at most 1,000.
      maxResults: Math.min(1000, Math.max(1, Number(max ?? 100))),
    },
  };
}

function parseValue(raw: string): string | string[] | undefined {
  if (/^'.*'$/.test(raw)) return raw.slice(1, -1).replace(/\\'/g, "'");
  if (/^\(.*\)$/.test(raw)) {
    return raw
      .slice(1, -1)
      .split(',')
      .map((v) => v.trim().replace(/^'(.*)'$/, '$1'));
  }
  if (/^-?\d+(\.\d+)?$|^true$|^false$/i.test(raw)) return raw.toLowerCase();
  return undefined;
}

/** Reads `MetaData.LastUpdatedTime`, `CustomerRef` (its value) and the like. */
export function fieldOf(record: object, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  if (typeof value === 'object' && value !== null && 'value' in value) return value.value;
  return value;
}

function comparable(field: string, value: unknown): number | string {
  if (/Time$|Date$/.test(field) && typeof value === 'string') return Date.parse(value);
  if (field === 'Id' || typeof value === 'number') return Number(value);
  return String(value ?? '').toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b));
}

export function matches(
  record: object,
  conditions: readonly Condition[],
  exactMs?: number,
): boolean {
  return conditions.every((c) => {
    // LastUpdatedTime is served in whole seconds; compare the exact instant kept by the store.
    const actual =
      c.field === 'MetaData.LastUpdatedTime' && exactMs !== undefined
        ? exactMs
        : comparable(c.field, fieldOf(record, c.field));
    if (c.op === 'in') {
      return (c.value as string[]).some((v) => compare(actual, comparable(c.field, v)) === 0);
    }
    const expected = comparable(c.field, c.value);
    if (c.op === 'like') {
      const pattern = String(c.value)
        .toLowerCase()
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*');
      return new RegExp(`^${pattern}$`).test(String(actual));
    }
    const diff = compare(actual, expected);
    if (c.op === '=') return diff === 0;
    if (c.op === '!=') return diff !== 0;
    if (c.op === '<') return diff < 0;
    if (c.op === '>') return diff > 0;
    if (c.op === '<=') return diff <= 0;
    return diff >= 0;
  });
}

export function sortBy(field: string, desc: boolean) {
  return (a: object, b: object) =>
    (desc ? -1 : 1) *
    compare(comparable(field, fieldOf(a, field)), comparable(field, fieldOf(b, field)));
}
