import { describe, expect, it } from 'vitest';
import { filterBySearch, invalidFieldMessage, parseSearch, type SearchReport } from './search';

interface Row {
  id: number;
  name: string;
  status: string;
  total: number;
  tags: string[];
  updatedAt: string;
}

const rows: Row[] = [
  {
    id: 1,
    name: 'Bob Smith',
    status: 'open',
    total: 10,
    tags: ['vip'],
    updatedAt: '2025-01-01T00:00:00Z',
  },
  {
    id: 2,
    name: 'Ann Jones',
    status: 'closed',
    total: 25,
    tags: [],
    updatedAt: '2025-02-01T00:00:00Z',
  },
  {
    id: 3,
    name: 'Bob Stone',
    status: 'cancelled',
    total: 40,
    tags: ['vip', 'b2b'],
    updatedAt: '2025-03-01T00:00:00Z',
  },
];
const fields = {
  id: (r: Row) => r.id,
  name: (r: Row) => r.name,
  status: (r: Row) => r.status,
  total: (r: Row) => r.total,
  tag: (r: Row) => r.tags,
  updated_at: (r: Row) => r.updatedAt,
};

function ids(query: string, reports: Omit<SearchReport, 'path'>[] = []) {
  return filterBySearch(rows, query, fields, {
    text: [(r) => r.name],
    unmodeled: ['channel'],
    report: (r) => reports.push(r),
  }).map((r) => r.id);
}

describe("Shopify's search syntax", () => {
  it('joins terms with an implied AND, and with explicit AND and OR (OR binding looser)', () => {
    expect(ids('status:open total:10')).toEqual([1]);
    expect(ids('status:open AND total:25')).toEqual([]);
    expect(ids('status:open OR status:closed')).toEqual([1, 2]);
    expect(ids('status:closed OR status:open total:10')).toEqual([1, 2]);
    expect(ids('(status:closed OR status:open) total:10')).toEqual([1]);
  });

  it('negates with NOT and with a leading minus', () => {
    expect(ids('NOT status:open')).toEqual([2, 3]);
    expect(ids('-status:open -status:closed')).toEqual([3]);
    expect(ids('-(tag:vip OR total:25)')).toEqual([]);
  });

  it('compares numbers and dates, with quoted values', () => {
    expect(ids('total:>10 total:<=40')).toEqual([2, 3]);
    expect(ids('total:>=25')).toEqual([2, 3]);
    expect(ids("updated_at:>'2025-01-15T00:00:00Z'")).toEqual([2, 3]);
    expect(ids('updated_at:<"2025-02-01"')).toEqual([1]);
  });

  it('matches list fields, prefixes, existence and quoted phrases', () => {
    expect(ids('tag:vip')).toEqual([1, 3]);
    expect(ids('tag:b2b')).toEqual([3]);
    expect(ids('name:bob*')).toEqual([1, 3]);
    expect(ids('name:"Ann Jones"')).toEqual([2]);
    expect(ids('tag:*')).toEqual([1, 3]);
  });

  it('searches the default text fields with a bare term', () => {
    expect(ids('bob')).toEqual([1, 3]);
    expect(ids('stone')).toEqual([3]);
    expect(ids('"ann jones"')).toEqual([2]);
  });

  it('ignores an unknown field but reports it, and accepts a documented unmodelled one', () => {
    const reports: Omit<SearchReport, 'path'>[] = [];
    expect(ids('colour:red status:open channel:web', reports)).toEqual([1]);
    expect(reports).toEqual([
      {
        query: 'colour:red status:open channel:web',
        parsed: {
          and: [
            { field: 'colour', match_all: 'red' },
            { field: 'status', match_all: 'open' },
            { field: 'channel', match_all: 'web' },
          ],
        },
        warnings: [{ field: 'colour', message: invalidFieldMessage }],
      },
    ]);
  });

  it('parses into a tree and treats an empty query as none', () => {
    expect(parseSearch('  ')).toBeNull();
    expect(parseSearch('a:1 OR NOT b:>2')).toEqual({
      kind: 'or',
      items: [
        { kind: 'term', field: 'a', op: '=', value: '1' },
        { kind: 'not', item: { kind: 'term', field: 'b', op: '>', value: '2' } },
      ],
    });
    expect(ids('')).toEqual([1, 2, 3]);
  });
});
