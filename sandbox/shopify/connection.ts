import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor } from '../toolkit/cursor';

// Relay connections as Shopify pages them: `first`/`last` ≤ 250, opaque cursors that carry the
// last row's sort value and id (Shopify's own cursors decode to {last_id, last_value}), so a page
// resumes correctly even when rows were added or changed meanwhile.
export const maxPageSize = 250;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

type SortValue = string | number;

export interface PageOptions<T> {
  id: (item: T) => number;
  sortValue?: (item: T) => SortValue;
  /** Bulk operations read whole connections, ignoring `first`. */
  unbounded?: boolean;
}

export function paginate<T>(items: readonly T[], args: PageArgs, options: PageOptions<T>) {
  const { first, last } = args;
  if (!options.unbounded) checkPageArgs(args);
  const sortValue = options.sortValue ?? options.id;
  const key = (item: T): [SortValue, number] => [sortValue(item), options.id(item)];
  const direction = args.reverse ? -1 : 1;
  const sorted = [...items].sort((a, b) => direction * compareKeys(key(a), key(b)));
  let from = 0;
  let to = sorted.length;
  if (args.after) {
    const after = cursorKey(args.after);
    from = firstIndex(sorted, (item) => direction * compareKeys(key(item), after) > 0);
  }
  if (args.before) {
    const before = cursorKey(args.before);
    to = firstIndex(sorted, (item) => direction * compareKeys(key(item), before) >= 0);
  }
  let window = sorted.slice(from, Math.max(from, to));
  let hasNextPage = to < sorted.length;
  let hasPreviousPage = from > 0;
  if (!options.unbounded && first != null && window.length > first) {
    window = window.slice(0, first);
    hasNextPage = true;
  } else if (!options.unbounded && last != null && window.length > last) {
    window = window.slice(window.length - last);
    hasPreviousPage = true;
  }
  const edges = window.map((node) => {
    const [value, id] = key(node);
    return { cursor: encodeCursor({ last_id: id, last_value: value }), node };
  });
  const connection: Connection<T> = {
    edges,
    nodes: window,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
  return connection;
}

/** A list field with `first` (Shopify's `refunds(first:)` etc.): plain slice. */
export function firstOf<T>(items: readonly T[], first: number | null | undefined): T[] {
  return first == null ? [...items] : items.slice(0, Math.max(0, first));
}

export function checkPageArgs({ first, last }: PageArgs): void {
  if (first == null && last == null) {
    throw new GraphQLError('you must provide one of first or last', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > maxPageSize)) {
      throw new GraphQLError(`The ${name} argument must be between 0 and ${maxPageSize}.`, {
        extensions: { code: 'BAD_REQUEST' },
      });
    }
  }
}

function cursorKey(cursor: string): [SortValue, number] {
  const decoded = decodeCursor(cursor);
  const id = decoded?.last_id;
  const value = decoded?.last_value;
  if (typeof id !== 'number' || (typeof value !== 'string' && typeof value !== 'number')) {
    throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return [value, id];
}

function compareKeys(a: [SortValue, number], b: [SortValue, number]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1];
}

function firstIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  // Binary search: pages of a 5,000-order store must not scan from the start every time.
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (predicate(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
