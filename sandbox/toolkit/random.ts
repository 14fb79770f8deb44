// A seeded PRNG (mulberry32): sandboxes must replay the same store and the same traffic from the
// same seed, which Math.random cannot do.
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
  return probability > 0 && rng() < probability;
}

/**
 * One of the items, each as likely as its weight: how every vendor's traffic generator picks its
 * next change. Undefined only in the rounding edge where the roll lands on the total.
 */
export function weightedPick<T>(
  rng: Rng,
  weighted: ReadonlyArray<readonly [number, T]>,
): T | undefined {
  let roll = rng() * weighted.reduce((sum, [weight]) => sum + weight, 0);
  for (const [weight, item] of weighted) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return undefined;
}
