import { decodeCursor, encodeCursor } from '../toolkit/cursor';

// The slice of OData v4 query options the BC API serves and connectors use: `$filter` (a
// conjunction of comparisons), `$select`, `$top`, `$skip`, server-driven paging with
// `Prefer: odata.maxpagesize` and `@odata.nextLink` carrying an opaque `$skiptoken`.
type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export interface Comparison {
  field: string;
  op: Op;
  value: string | number | boolean | null;
  /** An unquoted ISO date/time literal: compared as a point in time. */
  temporal: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const comparison = /^\s*(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$/i;
const isoLiteral = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function parseFilter(filter: string, fields: readonly string[]): Parsed<Comparison[]> {
  const result: Comparison[] = [];
  for (const part of filter.split(/\s+and\s+/i)) {
    const match = comparison.exec(part.replace(/^\(|\)$/g, ''));
    if (!match?.[1] || !match[2] || !match[3]) {
      return { ok: false, message: `Invalid filter expression '${part.trim()}'.` };
    }
    const [, field, op, raw] = match;
    if (!fields.includes(field)) {
      return { ok: false, message: `Could not find a property named '${field}'.` };
    }
    const literal = parseLiteral(raw);
    if (literal === undefined) {
      return { ok: false, message: `Syntax error at position ${part.indexOf(raw)} in '${part}'.` };
    }
    result.push({ field, op: op.toLowerCase() as Op, ...literal });
  }
  return { ok: true, value: result };
}

function parseLiteral(raw: string): Omit<Comparison, 'field' | 'op'> | undefined {
  if (/^'.*'$/.test(raw)) return { value: raw.slice(1, -1).replace(/''/g, "'"), temporal: false };
  if (isoLiteral.test(raw)) return { value: raw, temporal: true };
  if (/^-?\d+(\.\d+)?$/.test(raw)) return { value: Number(raw), temporal: false };
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) {
    return { value: raw.toLowerCase(), temporal: false };
  }
  if (raw === 'true' || raw === 'false') return { value: raw === 'true', temporal: false };
  if (raw === 'null') return { value: null, temporal: false };
  return undefined;
}

export function matches(record: object, filters: readonly Comparison[]): boolean {
  const values = record as Record<string, unknown>;
  return filters.every((f) => {
    const actual = values[f.field];
    const [a, b] =
      f.temporal && typeof actual === 'string' && typeof f.value === 'string'
        ? [Date.parse(actual), Date.parse(f.value)]
        : [actual, f.value];
    if (typeof a === 'string' && typeof b === 'string' && f.op !== 'eq' && f.op !== 'ne') {
      return compare(a.localeCompare(b), f.op);
    }
    if (f.op === 'eq') return a === b;
    if (f.op === 'ne') return a !== b;
    if (typeof a !== 'number' || typeof b !== 'number') return false;
    return compare(a - b, f.op);
  });
}

function compare(diff: number, op: Op): boolean {
  if (op === 'gt') return diff > 0;
  if (op === 'ge') return diff >= 0;
  if (op === 'lt') return diff < 0;
  return diff <= 0;
}

/** `Prefer: odata.maxpagesize=N` (possibly among other preferences). */
export function maxPageSize(prefer: string | string[] | undefined): number | undefined {
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

/**
 * The skiptoken resumes after the last row served (its store sequence number), carrying what is
 * left of `$top`, if one was given.
 */
export interface SkipToken {
  afterSeq: number;
  remaining?: number;
}
export const skipToken = {
  encode: (token: SkipToken) => encodeCursor({ ...token }),
  decode: (text: string): SkipToken | undefined => {
    const value = decodeCursor(text);
    if (typeof value?.afterSeq !== 'number') return undefined;
    const remaining = typeof value.remaining === 'number' ? value.remaining : undefined;
    return { afterSeq: value.afterSeq, ...(remaining === undefined ? {} : { remaining }) };
  },
};

export function select(record: object, fields: readonly string[] | undefined): object {
  if (!fields) return record;
  const values = record as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => f in values).map((f) => [f, values[f]]));
}

/** A weak ETag that changes with every modification, as BC's `@odata.etag` does. */
export function etagOf(record: { id: string; lastModifiedDateTime?: string }): string {
  const token = Buffer.from(`${record.id};${record.lastModifiedDateTime ?? ''}`).toString('base64');
  return `W/"${token}"`;
}
