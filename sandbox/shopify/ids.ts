// Shopify global ids: `gid://shopify/<Type>/<numeric id>[?params]`.
export function gid(type: string, id: number, params?: Record<string, string | number>): string {
  const query = params
    ? '?' +
      Object.entries(params)
        .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
        .join('&')
    : '';
  return `gid://shopify/${type}/${id}${query}`;
}

export interface ParsedGid {
  type: string;
  id: number;
  params: URLSearchParams;
}

export function parseGid(value: string): ParsedGid | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1], id: Number(match[2]), params: new URLSearchParams(match[3] ?? '') };
}

/** The numeric id of a gid of the expected type, or undefined. */
export function idOf(value: string, type: string): number | undefined {
  const parsed = parseGid(value);
  return parsed?.type === type ? parsed.id : undefined;
}
