import type { Rng } from '../toolkit/random';

// BC ids are GUIDs (SystemId); drawn from the seed so the same seed gives the same company.
export function guid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** BC document and master numbers: a prefix and a zero-padded counter, e.g. C00010, SO-1001. */
export function docNumber(prefix: string, n: number, width = 5): string {
  return `${prefix}${String(n).padStart(width, '0')}`;
}
