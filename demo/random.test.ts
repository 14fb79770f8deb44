import { describe, expect, it } from 'vitest';
import { createRandom, dateAt, deriveSeed, epochOf, isoAt } from './random';

describe('createRandom', () => {
  it('repeats itself for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return [random.next(), random.int(1, 6), random.uuid(), random.pick(['a', 'b', 'c'])];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(deriveSeed(7, 'a')).not.toBe(deriveSeed(7, 'b'));
  });

  it('keeps int within its inclusive bounds and reaches both', () => {
    const random = createRandom(1);
    const seen = new Set(Array.from({ length: 2000 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('samples distinct items, whether few or most of the list', () => {
    const random = createRandom(2);
    const items = Array.from({ length: 40 }, (_, i) => i);
    for (const count of [3, 30, 40, 50]) {
      const sample = random.sample(items, count);
      expect(new Set(sample).size).toBe(Math.min(count, items.length));
    }
  });

  it('makes version 4 uuids', () => {
    const random = createRandom(3);
    for (let i = 0; i < 1000; i++) {
      expect(random.uuid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });
});

describe('timestamps', () => {
  it('agree with Date for formatting and parsing', () => {
    const random = createRandom(4);
    for (let i = 0; i < 5000; i++) {
      const at = random.int(0, 4_000_000_000_000);
      expect(isoAt(at)).toBe(new Date(at).toISOString());
      expect(epochOf(isoAt(at))).toBe(at);
    }
    expect(dateAt(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe('2024-02-29');
    expect(epochOf('2024-05-10T14:20:05+02:00')).toBe(Date.parse('2024-05-10T14:20:05+02:00'));
  });
});
