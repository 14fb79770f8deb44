/**
 * Bulk operation results: one JSON object per line, nested connection rows flattened out with a
 * `__parentId`. This puts children back under `<field>.nodes` of their parent, so the result has
 * the same shape as a paginated read and the same mapping applies.
 *
 * Shopify does not promise that a parent's children follow it directly, so all rows are held until
 * the file ends. That is fine for the stores a bulk backfill targets here (thousands of orders);
 * a store of millions would need an on-disk grouping first.
 */

export type Row = Record<string, unknown> & { id?: string; __parentId?: string };

/** The connection field a child row belongs to, from its gid's type (`gid://shopify/LineItem/1`). */
export type ChildField = (childGid: string) => string | undefined;

export const gidType = (gid: string): string | undefined =>
  /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid)?.[1];

export async function* splitLines(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield line;
      newline = buffer.indexOf('\n');
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) yield buffer.trim();
}

export interface Reassembled {
  roots: Row[];
  /** Child rows whose parent never appeared (a truncated or partial file). */
  orphans: number;
}

export async function reassemble(
  lines: AsyncIterable<string>,
  childField: ChildField,
): Promise<Reassembled> {
  const roots: Row[] = [];
  const byId = new Map<string, Row>();
  const waiting = new Map<string, Row[]>();
  for await (const line of lines) {
    const row = JSON.parse(line) as Row;
    const parentId = row.__parentId;
    if (typeof row.id === 'string') byId.set(row.id, row);
    if (!parentId) {
      roots.push(row);
      continue;
    }
    const siblings = waiting.get(parentId) ?? [];
    siblings.push(row);
    waiting.set(parentId, siblings);
  }
  let orphans = 0;
  for (const [parentId, children] of waiting) {
    const parent = byId.get(parentId);
    if (!parent) {
      orphans += children.length;
      continue;
    }
    for (const child of children) {
      const field = typeof child.id === 'string' ? childField(child.id) : undefined;
      if (!field) continue;
      const { __parentId: _, ...rest } = child;
      const holder = (parent[field] ??= { nodes: [] }) as { nodes: Row[] };
      holder.nodes.push(rest);
    }
  }
  return { roots, orphans };
}
