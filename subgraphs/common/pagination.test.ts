import { describe, expect, it } from 'vitest';
import { pageInMemory } from './connections';
import { decodeCursor, encodeCursor, readPage, type Connection } from './pagination';
import { afterKey, type Sort } from './sql';

interface Row {
  id: string;
  at: Date;
}
const sort: Sort<Row> = [
  { prop: 'at', dir: 'desc', instant: true },
  { prop: 'id', dir: 'desc' },
];
const rows: Row[] = ['a', 'b', 'c', 'd'].map((id, i) => ({
  id,
  at: new Date(Date.UTC(2024, 0, 1 + (i >> 1))),
}));

describe('keyset pagination', () => {
  it('round-trips opaque cursors and refuses forged ones', () => {
    const cursor = encodeCursor([1704067200000, 'a']);
    expect(cursor).not.toContain('a"');
    expect(decodeCursor(cursor, 2)).toEqual([1704067200000, 'a']);
    expect(() => decodeCursor(cursor, 3)).toThrow('Invalid cursor');
    expect(() => decodeCursor('%%%', 2)).toThrow('Invalid cursor');
    expect(() => decodeCursor(encodeCursor([1, 'x']).slice(0, -2), 2)).toThrow('Invalid cursor');
  });

  it('bounds page sizes', () => {
    expect(readPage({}, 1).first).toBe(20);
    expect(() => readPage({ first: 101 }, 1)).toThrow('between 0 and 100');
    expect(() => readPage({ first: -1 }, 1)).toThrow('between 0 and 100');
  });

  it('walks every row once, in order, across pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Connection<Row> = pageInMemory(
        rows,
        sort,
        readPage({ first: 3, after }, sort.length),
      );
      seen.push(...page.nodes.map((row) => row.id));
      expect(await page.totalCount()).toBe(4);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // Newest first; within the same instant, the larger id first.
    expect(seen).toEqual(['d', 'c', 'b', 'a']);
  });

  it('turns a cursor into a strict range condition on the sort columns', () => {
    const at = Date.UTC(2024, 0, 2);
    expect(afterKey(sort, [at, 'c'])).toEqual({
      $or: [{ at: { $lt: new Date(at) } }, { at: new Date(at), id: { $lt: 'c' } }],
    });
  });
});
