import { z } from 'zod';
import type { CrmObject } from './model';

// The search request: `filterGroups` (OR of groups, AND of filters within one), `sorts`, `query`,
// `properties`, `limit` ≤ 200 and `after` (an offset). Dates compare as instants whether given
// as epoch milliseconds or ISO strings, as HubSpot accepts both.
const operators = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
] as const;

const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(operators),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  highValue: z.union([z.string(), z.number()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});

export const searchRequestSchema = z
  .object({
    filterGroups: z
      .array(z.object({ filters: z.array(filterSchema).max(6) }))
      .max(5)
      .default([]),
    sorts: z
      .array(
        z.union([
          z.string(),
          z.object({
            propertyName: z.string(),
            direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
          }),
        ]),
      )
      .max(1)
      .default([]),
    query: z.string().optional(),
    properties: z.array(z.string()).optional(),
    limit: z.number().int().min(1).max(200).default(10),
    after: z.union([z.string(), z.number()]).optional(),
  })
  .refine((r) => r.filterGroups.reduce((n, g) => n + g.filters.length, 0) <= 18, {
    message: 'a search may hold at most 18 filters',
  });
export type SearchRequest = z.infer<typeof searchRequestSchema>;
type Filter = z.infer<typeof filterSchema>;

function comparable(value: string | number | boolean | null | undefined): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return Date.parse(value);
  return value.toLowerCase();
}

function order(a: number | string | null, b: number | string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function test(object: CrmObject, filter: Filter): boolean {
  const raw = object.properties[filter.propertyName];
  const actual = comparable(raw);
  const expected = comparable(filter.value);
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return raw !== null && raw !== undefined && raw !== '';
    case 'NOT_HAS_PROPERTY':
      return raw === null || raw === undefined || raw === '';
    case 'IN':
      return (filter.values ?? []).some((v) => order(actual, comparable(v)) === 0);
    case 'NOT_IN':
      return !(filter.values ?? []).some((v) => order(actual, comparable(v)) === 0);
    case 'BETWEEN':
      return (
        actual !== null &&
        order(actual, expected) >= 0 &&
        order(actual, comparable(filter.highValue)) <= 0
      );
    case 'CONTAINS_TOKEN':
      return String(raw ?? '')
        .toLowerCase()
        .includes(String(filter.value ?? '').toLowerCase());
    case 'EQ':
      return order(actual, expected) === 0;
    case 'NEQ':
      return order(actual, expected) !== 0;
  }
  if (actual === null) return false;
  const diff = order(actual, expected);
  if (filter.operator === 'LT') return diff < 0;
  if (filter.operator === 'LTE') return diff <= 0;
  if (filter.operator === 'GT') return diff > 0;
  return diff >= 0;
}

/** Every matching object, sorted; the caller pages and caps. */
export function search(objects: CrmObject[], request: SearchRequest): CrmObject[] {
  const text = request.query?.toLowerCase();
  const hits = objects.filter(
    (o) =>
      (request.filterGroups.length === 0 ||
        request.filterGroups.some((g) => g.filters.every((f) => test(o, f)))) &&
      (!text ||
        Object.values(o.properties).some((v) => v !== null && v.toLowerCase().includes(text))),
  );
  const [sort] = request.sorts;
  // A string sort names a property, descending with a leading '-'.
  const property =
    typeof sort === 'string' ? sort.replace(/^-/, '') : (sort?.propertyName ?? 'hs_object_id');
  const descending =
    typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
  const sign = descending ? -1 : 1;
  return hits.sort(
    (a, b) =>
      sign * order(comparable(a.properties[property]), comparable(b.properties[property])) ||
      Number(a.id) - Number(b.id),
  );
}
