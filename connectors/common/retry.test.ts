import { describe, expect, it } from 'vitest';
import { PlexusError, TransientError } from '../../lib/errors';
import { backoffDelay, withRetry } from './retry';
import { FakeClock } from '../../test/doubles/testkit';

const flaky = (failures: number, error: () => Error = () => new TransientError('blip')) => {
  let calls = 0;
  const run = async () => {
    calls += 1;
    if (calls <= failures) throw error();
    return calls;
  };
  return { run, calls: () => calls };
};

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, keeping half of each step fixed', () => {
    const backoff = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, backoff, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, backoff, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });
});

describe('withRetry', () => {
  it('retries a retriable failure with capped backoff until it succeeds, forever by default', async () => {
    const clock = new FakeClock();
    const work = flaky(40);
    const result = await withRetry(work.run, {
      clock,
      backoff: { initialMs: 10, maxMs: 80 },
      random: () => 1,
    });
    expect(result).toBe(41);
    expect(clock.sleeps).toHaveLength(40);
    expect(Math.max(...clock.sleeps)).toBe(80);
  });

  it('waits what the vendor asked for instead of its own backoff', async () => {
    const clock = new FakeClock();
    const throttled = () =>
      Object.assign(new PlexusError('slow down', { code: 'HTTP_429', retriable: true }), {
        retryAfterMs: 7_000,
      });
    await withRetry(flaky(2, throttled).run, { clock });
    expect(clock.sleeps).toEqual([7_000, 7_000]);
  });

  it('fails at once on an error waiting cannot cure, and after `retries` on one it can', async () => {
    const clock = new FakeClock();
    const refused = flaky(1, () => new PlexusError('no', { code: 'HTTP_404' }));
    await expect(withRetry(refused.run, { clock })).rejects.toMatchObject({ code: 'HTTP_404' });
    expect(refused.calls()).toBe(1);
    const down = flaky(10);
    await expect(withRetry(down.run, { clock, retries: 3 })).rejects.toMatchObject({
      code: 'TRANSIENT',
    });
    expect(down.calls()).toBe(4);
  });

  it('stops retrying once its signal aborts', async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    let calls = 0;
    const run = async () => {
      calls += 1;
      if (calls === 3) controller.abort(new Error('stopping'));
      throw new TransientError('down');
    };
    await expect(withRetry(run, { clock, signal: controller.signal })).rejects.toThrow();
    expect(calls).toBe(3);
  });
});
