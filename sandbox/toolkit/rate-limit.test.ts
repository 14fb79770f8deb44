import { describe, expect, it } from 'vitest';
import { LeakyBucket } from './rate-limit';

describe('LeakyBucket', () => {
  it('starts full, refuses what it does not hold, and restores at the configured rate', () => {
    let now = 0;
    const bucket = new LeakyBucket({ capacity: 2000, restoreRate: 100, clock: () => now });
    expect(bucket.available()).toBe(2000);
    expect(bucket.tryTake(1500)).toBe(true);
    expect(bucket.tryTake(600)).toBe(false);
    expect(bucket.available()).toBe(500);
    expect(bucket.msUntil(600)).toBe(1000);
    now += 1000;
    expect(bucket.tryTake(600)).toBe(true);
    now += 60_000;
    expect(bucket.available()).toBe(2000);
  });

  it('refunds unused points without overflowing, and counts requests with cost 1', () => {
    let now = 0;
    const bucket = new LeakyBucket({ capacity: 3, restoreRate: 1, clock: () => now });
    expect([1, 2, 3, 4].map(() => bucket.tryTake(1))).toEqual([true, true, true, false]);
    bucket.refund(10);
    expect(bucket.available()).toBe(3);
    now += 500;
    expect(bucket.available()).toBe(3);
  });
});
