import { badUserInput } from './errors';

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  first: number;
  /** The decoded sort key of the last row already seen, or undefined for the first page. */
  after: readonly (string | number)[] | undefined;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** A thunk, so the count's statement runs only when a client selects totalCount. */
  totalCount: () => Promise<number>;
}

/** A parent with no rows: no edges, no next page, a count of zero. */
export function emptyConnection<T>(): Connection<T> {
  return {
    edges: [],
    nodes: [],
    pageInfo: { hasNextPage: false, endCursor: null },
    totalCount: () => Promise.resolve(0),
  };
}

/** A cursor is the opaque base64 of the row's sort key, so paging is keyset, never offset. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('Invalid cursor');
  }
  const valid =
    Array.isArray(key) &&
    key.length === arity &&
    key.every((part) => typeof part === 'string' || typeof part === 'number');
  if (!valid) throw badUserInput('Invalid cursor');
  return key as (string | number)[];
}

export function readPage(args: PageArgs, arity: number, fallback = 20): Page {
  const first = args.first ?? fallback;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return { first, after: args.after ? decodeCursor(args.after, arity) : undefined };
}

/**
 * Builds a connection from up to first + 1 rows in sort order: the extra row only tells that
 * there is a next page.
 */
export function toConnection<Row, Node = Row>(
  rows: readonly Row[],
  page: Page,
  sortKey: (row: Row) => (string | number)[],
  totalCount: () => Promise<number>,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
): Connection<Node> {
  const visible = rows.slice(0, page.first);
  const edges = visible.map((row) => ({ cursor: encodeCursor(sortKey(row)), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
