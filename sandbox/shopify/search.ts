// Shopify's search syntax (the `query:` argument), as shopify.dev/docs/api/usage/search-syntax
// documents it:
//   Query      = Term { [ whitespace Connective ] whitespace Term }   (no connective means AND)
//   Connective = "AND" | "OR"
//   Term       = [ Modifier ] ( "(" Query ")" | [ name Comparator ] value )
//   Modifier   = "-" | "NOT" whitespace
//   Comparator = ":" | ":<" | ":>" | ":<=" | ":>="
// Values may be quoted ('…' or "…"), end in `*` (prefix match) or be `*` (field exists); `\`
// escapes a special character. A bare value searches the resource's default text fields. OR
// binds looser than AND. A field the resource does not know is ignored, as Shopify ignores it,
// and reported as Shopify reports it: a warning under `extensions.search` of the response.
export type Comparator = '=' | '<' | '>' | '<=' | '>=';

export type SearchNode =
  | { kind: 'and' | 'or'; items: SearchNode[] }
  | { kind: 'not'; item: SearchNode }
  | { kind: 'term'; field: string | null; op: Comparator; value: string };

export type FieldValue = string | number | boolean | null | undefined | readonly string[];
export type FieldReader<T> = (item: T) => FieldValue;

export interface SearchWarning {
  field: string;
  message: string;
}

/** One entry of a response's `extensions.search`. */
export interface SearchReport {
  path: (string | number)[];
  query: string;
  parsed: unknown;
  warnings: SearchWarning[];
}

export interface SearchOptions<T> {
  /** What a bare value (no `field:`) is matched against. */
  text?: readonly FieldReader<T>[];
  /** Fields Shopify documents for this resource that the sandbox does not model: accepted. */
  unmodeled?: readonly string[];
  /** Receives the parse and its warnings whenever a query was given. */
  report?: (report: Omit<SearchReport, 'path'>) => void;
}

export const invalidFieldMessage = 'Invalid search field for this query.';

export function parseSearch(query: string | null | undefined): SearchNode | null {
  if (!query || query.trim() === '') return null;
  return new Parser(query).parse();
}

export function filterBySearch<T>(
  items: Iterable<T>,
  query: string | null | undefined,
  fields: Record<string, FieldReader<T>>,
  options: SearchOptions<T> = {},
): T[] {
  const all = [...items];
  const tree = parseSearch(query);
  if (!tree || !query) return all;
  const unmodeled = new Set(options.unmodeled ?? []);
  const warnings = [...new Set(fieldsOf(tree))]
    .filter((f) => !(f in fields) && !unmodeled.has(f))
    .map((field) => ({ field, message: invalidFieldMessage }));
  options.report?.({ query, parsed: describe(tree), warnings });
  return all.filter((item) => matches(tree, item, fields, options.text ?? []));
}

function matches<T>(
  node: SearchNode,
  item: T,
  fields: Record<string, FieldReader<T>>,
  text: readonly FieldReader<T>[],
): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((n) => matches(n, item, fields, text));
    case 'or':
      return node.items.some((n) => matches(n, item, fields, text));
    case 'not':
      return !matches(node.item, item, fields, text);
    case 'term': {
      if (node.field === null) {
        const wanted = node.value.replace(/\*$/, '').toLowerCase();
        return text.some((read) =>
          valuesOf(read(item)).some((v) => String(v).toLowerCase().includes(wanted)),
        );
      }
      const read = fields[node.field];
      // Unknown and unmodeled fields do not filter (Shopify ignores the former, with a warning).
      if (!read) return true;
      const values = valuesOf(read(item));
      if (node.value === '*') return values.length > 0;
      return values.some((v) => compare(v, node.op, node.value, node.field ?? ''));
    }
  }
}

function valuesOf(value: FieldValue): (string | number | boolean)[] {
  if (value === null || value === undefined || value === '') return [];
  return Array.isArray(value) ? [...(value as readonly string[])] : [value as string];
}

function compare(actual: string | number | boolean, op: Comparator, wanted: string, field: string) {
  let a: number;
  let b: number;
  if (field.endsWith('_at') || field.endsWith('_date')) {
    a = Date.parse(String(actual));
    b = Date.parse(wanted);
  } else if (typeof actual === 'number') {
    a = actual;
    b = Number(wanted);
  } else {
    const text = String(actual).toLowerCase();
    const value = wanted.toLowerCase();
    if (op !== '=') return false;
    return value.endsWith('*') ? text.startsWith(value.slice(0, -1)) : text === value;
  }
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return a === b;
  }
}

/** Every field a search names, bare values excluded. */
export function fieldsOf(node: SearchNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.items.flatMap(fieldsOf);
    case 'not':
      return fieldsOf(node.item);
    case 'term':
      return node.field === null ? [] : [node.field];
  }
}

const rangeNames: Record<Exclude<Comparator, '='>, string> = {
  '<': 'range_lt',
  '<=': 'range_lte',
  '>': 'range_gt',
  '>=': 'range_gte',
};

/** The parse as JSON, in the shape of Shopify's `parsed` (field with match_all or a range). */
function describe(node: SearchNode): unknown {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { [node.kind]: node.items.map(describe) };
    case 'not':
      return { not: describe(node.item) };
    case 'term': {
      const field = node.field ?? 'default';
      if (node.value === '*') return { field, exists: true };
      if (node.op === '=') return { field, match_all: node.value };
      return { field, [rangeNames[node.op]]: node.value };
    }
  }
}

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): SearchNode | null {
    return this.query(false);
  }

  /** Terms joined by AND (explicit or implied) and OR, up to the end or a closing parenthesis. */
  private query(nested: boolean): SearchNode | null {
    const alternatives: SearchNode[][] = [[]];
    for (;;) {
      this.skipSpace();
      if (this.done()) break;
      if (this.peek() === ')') {
        if (nested) break;
        this.at++; // A stray `)` is not worth refusing a whole request for.
        continue;
      }
      if (this.keyword('OR')) {
        alternatives.push([]);
        continue;
      }
      if (this.keyword('AND')) continue;
      const term = this.term();
      if (term) alternatives.at(-1)?.push(term);
    }
    const groups = alternatives
      .filter((g) => g.length > 0)
      .map((g): SearchNode => (g.length === 1 && g[0] ? g[0] : { kind: 'and', items: g }));
    if (groups.length === 0) return null;
    return groups.length === 1 && groups[0] ? groups[0] : { kind: 'or', items: groups };
  }

  private term(): SearchNode | null {
    if (this.peek() === '-' && !/\s/.test(this.source[this.at + 1] ?? ' ')) {
      this.at++;
      const inner = this.term();
      return inner ? { kind: 'not', item: inner } : null;
    }
    if (this.keyword('NOT')) {
      this.skipSpace();
      const inner = this.term();
      return inner ? { kind: 'not', item: inner } : null;
    }
    if (this.peek() === '(') {
      this.at++;
      const inner = this.query(true);
      if (this.peek() === ')') this.at++;
      return inner;
    }
    const quoted = this.peek() === '"' || this.peek() === "'";
    const name = this.value();
    if (!quoted && this.peek() === ':') {
      this.at++;
      const op = this.comparator();
      return { kind: 'term', field: name.toLowerCase(), op, value: this.value() };
    }
    return name === '' ? null : { kind: 'term', field: null, op: '=', value: name };
  }

  private comparator(): Comparator {
    for (const op of ['<=', '>=', '<', '>'] as const) {
      if (this.source.startsWith(op, this.at)) {
        this.at += op.length;
        return op;
      }
    }
    return '=';
  }

  /** A quoted string or a run of non-special characters, with `\` escapes. */
  private value(): string {
    const quote = this.peek();
    let out = '';
    if (quote === '"' || quote === "'") {
      this.at++;
      while (!this.done() && this.peek() !== quote) {
        if (this.peek() === '\\') this.at++;
        out += this.source[this.at++] ?? '';
      }
      this.at++;
      return out;
    }
    while (!this.done() && !/[\s():]/.test(this.peek())) {
      if (this.peek() === '\\') this.at++;
      out += this.source[this.at++] ?? '';
    }
    return out;
  }

  /** Consumes an upper-case connective or modifier followed by whitespace. */
  private keyword(word: 'AND' | 'OR' | 'NOT'): boolean {
    if (!this.source.startsWith(word, this.at)) return false;
    const next = this.source[this.at + word.length];
    if (next !== undefined && !/\s/.test(next)) return false;
    this.at += word.length;
    return true;
  }

  private skipSpace(): void {
    while (!this.done() && /\s/.test(this.peek())) this.at++;
  }

  private peek(): string {
    return this.source[this.at] ?? '';
  }

  private done(): boolean {
    return this.at >= this.source.length;
  }
}
