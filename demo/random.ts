/**
 * A seeded pseudo-random source for the demo data. mulberry32 is tiny, fast and good enough for
 * fake data; what matters is that one seed always yields the same dataset, so a demo, a test and a
 * bug report all see the same records.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** Integer cents in [minCents, maxCents]. */
  cents(minCents: number, maxCents: number): number;
  /** A version 4 shaped uuid built from this source, so it is reproducible. */
  uuid(): string;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex16 = (n: number): string => `${HEX[(n >>> 8) & 255]}${HEX[n & 255]}`;
const hex32 = (n: number): string => `${hex16(n >>> 16)}${hex16(n)}`;

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    sample<T>(items: readonly T[], count: number): T[] {
      const n = Math.min(count, items.length);
      if (n * 4 <= items.length) {
        // Few out of many: retry on a repeat instead of copying the whole list.
        const chosen = new Set<number>();
        while (chosen.size < n) chosen.add(Math.floor(next() * items.length));
        return [...chosen].map((i) => items[i] as T);
      }
      const copy = items.slice();
      // A partial Fisher-Yates shuffle: only the first n slots need to be settled.
      for (let i = 0; i < n; i++) {
        const j = int(i, copy.length - 1);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy.slice(0, n);
    },
    cents: int,
    uuid() {
      const a = Math.floor(next() * 0x100000000);
      const b = Math.floor(next() * 0x100000000);
      const c = Math.floor(next() * 0x100000000);
      const d = Math.floor(next() * 0x100000000);
      // Version 4 in the high nibble of byte 6, the RFC 4122 variant in the high bits of byte 8.
      const version = (b & 0x0fff) | 0x4000;
      const variant = ((c >>> 16) & 0x3fff) | 0x8000;
      return `${hex32(a)}-${hex16(b >>> 16)}-${hex16(version)}-${hex16(variant)}-${hex16(c)}${hex32(d)}`;
    },
  };
}

/** Derives an independent seed, so adding draws to one stream never shifts another. */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export const DAY_MS = 86_400_000;

const dayPrefixes = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, several times faster: a generated history formats millions of
 * timestamps, and they fall on a few hundred distinct days whose "YYYY-MM-DDT" is cached.
 */
export function isoAt(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size > 10_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  const rest = epochMs - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor(rest / 60_000) % 60;
  const s = Math.floor(rest / 1000) % 60;
  const ms = rest % 1000;
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** The calendar date (UTC) of an instant, as "YYYY-MM-DD". */
export function dateAt(epochMs: number): string {
  return isoAt(epochMs).slice(0, 10);
}

const dayStarts = new Map<string, number>();

/** `Date.parse` for the strings isoAt makes, without the general parser's cost. */
export function epochOf(iso: string): number {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 /* Z */) return Date.parse(iso);
  const date = iso.slice(0, 10);
  let start = dayStarts.get(date);
  if (start === undefined) {
    start = Date.parse(`${date}T00:00:00.000Z`);
    if (dayStarts.size > 10_000) dayStarts.clear();
    dayStarts.set(date, start);
  }
  return (
    start +
    digits(iso, 11, 2) * 3_600_000 +
    digits(iso, 14, 2) * 60_000 +
    digits(iso, 17, 2) * 1000 +
    digits(iso, 20, 3)
  );
}

function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}
