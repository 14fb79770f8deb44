import { matchesSearch, parseSearch, type SearchTerm } from './search';

// What a subscription asks of each delivery, beyond its topic: a `filter` (Shopify's search
// syntax over the payload's fields) and `includeFields` (the payload trimmed to those fields).
// Both are honoured; a filter in syntax the sandbox cannot evaluate is refused when subscribing,
// never accepted and then ignored. XML is refused outright: the sandbox sends JSON only.

export interface UserError {
  field: string[];
  message: string;
}

const TERM = /([a-z_]+):(>=|<=|>|<)?\s*('([^']*)'|"([^"]*)"|(\S+))/gi;

/** The filter's terms, or a user error when some of it is not `field:value` terms and ANDs. */
export function parseFilter(filter: string): { terms: SearchTerm[] } | { error: UserError } {
  const rest = filter
    .replace(TERM, ' ')
    .replace(/\bAND\b/g, ' ')
    .trim();
  const terms = parseSearch(filter);
  if (rest || !terms.length) {
    return {
      error: {
        field: ['webhookSubscription', 'filter'],
        message: `The sandbox evaluates only ANDed field:value terms over top-level fields; cannot evaluate "${filter}"`,
      },
    };
  }
  return { terms };
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Whether a payload passes the filter; a field the payload lacks never matches. */
export function matchesFilter(payload: Record<string, unknown>, filter: string | null): boolean {
  if (!filter) return true;
  const parsed = parseFilter(filter);
  if ('error' in parsed) return false;
  const fields = Object.fromEntries(
    parsed.terms.map((t) => [
      t.field,
      (p: Record<string, unknown>) => {
        const value = p[t.field];
        if (typeof value === 'number') return value;
        if (typeof value === 'boolean') return String(value);
        // Money and ids arrive as decimal strings; compare them as numbers, as Shopify does.
        if (typeof value === 'string') return DECIMAL.test(value) ? Number(value) : value;
        return undefined;
      },
    ]),
  );
  return matchesSearch(payload, parsed.terms, fields);
}

/** The payload with only the named fields; `a.b` keeps `b` inside `a` (each element of a list). */
export function pickFields(value: unknown, paths: readonly string[]): unknown {
  if (!paths.length) return value;
  if (Array.isArray(value)) return value.map((v) => pickFields(v, paths));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const nested = new Map<string, string[]>();
  for (const path of paths) {
    const [head, ...tail] = path.split('.');
    if (!head || !(head in source)) continue;
    if (!tail.length) out[head] = source[head];
    else nested.set(head, [...(nested.get(head) ?? []), tail.join('.')]);
  }
  for (const [head, tails] of nested) {
    if (!(head in out)) out[head] = pickFields(source[head], tails);
  }
  return out;
}

/** The checks webhookSubscriptionCreate and webhookSubscriptionUpdate share. */
export function optionsError(input: {
  callbackUrl?: string | null | undefined;
  format?: string | null | undefined;
  filter?: string | null | undefined;
  includeFields?: readonly string[] | null | undefined;
}): UserError | undefined {
  if (input.callbackUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(input.callbackUrl ?? '')) {
    return { field: ['webhookSubscription', 'callbackUrl'], message: 'Address is invalid' };
  }
  if (input.format === 'XML') {
    return {
      field: ['webhookSubscription', 'format'],
      message: 'The sandbox delivers JSON only; XML subscriptions are refused',
    };
  }
  if (input.filter) {
    const parsed = parseFilter(input.filter);
    if ('error' in parsed) return parsed.error;
  }
  if (input.includeFields?.some((f) => !/^[a-z_]+(\.[a-z_]+)*$/.test(f))) {
    return { field: ['webhookSubscription', 'includeFields'], message: 'A field name is invalid' };
  }
  return undefined;
}
