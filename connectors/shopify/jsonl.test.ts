import { describe, expect, it } from 'vitest';
import { gidType, reassemble, splitLines } from './jsonl';
import { formatDuration, progressLine } from '../common/progress';

async function* chunks(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}

describe('bulk JSONL', () => {
  it('splits lines across chunk boundaries', async () => {
    const lines: string[] = [];
    for await (const line of splitLines(chunks('{"a":', '1}\n{"b"', ':2}\n\n{"c":3}')))
      lines.push(line);
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('puts children under their parent whatever the row order, and counts orphans', async () => {
    const rows = [
      { id: 'gid://shopify/LineItem/2', __parentId: 'gid://shopify/Order/1' },
      { id: 'gid://shopify/Order/1', name: '#1' },
      { id: 'gid://shopify/LineItem/3', __parentId: 'gid://shopify/Order/1' },
      { id: 'gid://shopify/LineItem/9', __parentId: 'gid://shopify/Order/404' },
    ].map((r) => JSON.stringify(r));
    async function* lines() {
      yield* rows;
    }
    const { roots, orphans } = await reassemble(lines(), (gid) =>
      gidType(gid) === 'LineItem' ? 'lineItems' : undefined,
    );
    expect(roots).toEqual([
      {
        id: 'gid://shopify/Order/1',
        name: '#1',
        lineItems: {
          nodes: [{ id: 'gid://shopify/LineItem/2' }, { id: 'gid://shopify/LineItem/3' }],
        },
      },
    ]);
    expect(orphans).toBe(1);
  });
});

describe('progress line', () => {
  it('shows records, rate and ETA', () => {
    expect(progressLine('backfill', 500, 2000, 10_000)).toBe(
      'backfill: 500/2000 records · 50.0/s · ETA 30s',
    );
    expect(progressLine('backfill', 0, undefined, 0)).toBe('backfill: 0 records · 0.0/s');
    expect(formatDuration(3725)).toBe('1h02m');
  });
});
