// The subset of Shopify's search syntax (the `query:` argument) the sandbox understands:
// space- or AND-separated terms `field:value`, `field:>value`, `field:>=value`, `field:<value`,
// `field:<=value`, values optionally quoted. Dates compare as instants, ids as numbers.
// Unknown fields are ignored, as Shopify ignores them (with a warning we do not reproduce).
export interface SearchTerm {
  field: string;
  op: '=' | '>' | '>=' | '<' | '<=';
  value: string;
}

export type FieldReader<T> = (item: T) => string | number | null | undefined;

export function parseSearch(query: string | null | undefined): SearchTerm[] {
  if (!query) return [];
  const terms: SearchTerm[] = [];
  const pattern = /([a-z_]+):(>=|<=|>|<)?\s*('([^']*)'|"([^"]*)"|(\S+))/gi;
  for (const match of query.matchAll(pattern)) {
    const field = match[1]?.toLowerCase();
    const op = (match[2] ?? '=') as SearchTerm['op'];
    const value = match[4] ?? match[5] ?? match[6];
    if (field && value !== undefined) terms.push({ field, op, value });
  }
  return terms;
}

export function matchesSearch<T>(
  item: T,
  terms: readonly SearchTerm[],
  fields: Record<string, FieldReader<T>>,
): boolean {
  return terms.every((term) => {
    const read = fields[term.field];
    if (!read) return true;
    const actual = read(item);
    if (actual === null || actual === undefined) return false;
    const [a, b] = comparable(actual, term.value, term.field);
    if (Number.isNaN(a) || Number.isNaN(b))
      return String(actual).toLowerCase() === term.value.toLowerCase();
    switch (term.op) {
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      default:
        return typeof actual === 'string' && !term.field.endsWith('_at')
          ? actual.toLowerCase() === term.value.toLowerCase()
          : a === b;
    }
  });
}

function comparable(actual: string | number, wanted: string, field: string): [number, number] {
  if (field.endsWith('_at')) return [Date.parse(String(actual)), Date.parse(wanted)];
  if (typeof actual === 'number') return [actual, Number(wanted)];
  return [Number.NaN, Number.NaN];
}

export function filterBySearch<T>(
  items: Iterable<T>,
  query: string | null | undefined,
  fields: Record<string, FieldReader<T>>,
): T[] {
  const terms = parseSearch(query);
  const all = [...items];
  return terms.length === 0 ? all : all.filter((item) => matchesSearch(item, terms, fields));
}
