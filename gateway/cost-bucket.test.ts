import { describe, expect, it } from 'vitest';
import { CostBuckets } from './cost-bucket';

function buckets() {
  const clock = { now: 0 };
  const b = new CostBuckets({ maximumAvailable: 1000, restoreRate: 50, now: () => clock.now });
  return { b, clock };
}

describe('CostBuckets', () => {
  it('starts full and charges the requested cost', () => {
    const { b } = buckets();
    expect(b.take('a', 300)).toEqual({
      ok: true,
      status: { maximumAvailable: 1000, currentlyAvailable: 700, restoreRate: 50 },
    });
  });

  it('throttles a cost the bucket does not hold and says how long to wait', () => {
    const { b } = buckets();
    b.take('a', 900);
    const taken = b.take('a', 200);
    // 100 points short at 50 a second.
    expect(taken).toMatchObject({ ok: false, retryAfterMs: 2000 });
    expect(taken.status.currentlyAvailable).toBe(100);
  });

  it('restores points with time, up to the maximum', () => {
    const { b, clock } = buckets();
    b.take('a', 1000);
    clock.now = 2_000;
    expect(b.take('a', 100)).toMatchObject({ ok: true, status: { currentlyAvailable: 0 } });
    clock.now = 1_000_000;
    expect(b.take('a', 0).status.currentlyAvailable).toBe(1000);
  });

  it('refunds what a query did not use, never beyond the maximum', () => {
    const { b } = buckets();
    b.take('a', 500);
    expect(b.refund('a', 200).currentlyAvailable).toBe(700);
    expect(b.refund('a', 5_000).currentlyAvailable).toBe(1000);
  });

  it('keeps one bucket per caller', () => {
    const { b } = buckets();
    b.take('a', 1000);
    expect(b.take('a', 1).ok).toBe(false);
    expect(b.take('b', 1000).ok).toBe(true);
  });
});
