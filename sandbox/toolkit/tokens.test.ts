import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MonotonicClock } from './clock';
import { parseOptions } from './options';
import { perWindow } from './rate-limit';
import { AccessTokens } from './tokens';

describe('AccessTokens, MonotonicClock, parseOptions, perWindow', () => {
  it('issues tokens that expire on the injected clock', () => {
    let now = 1_000;
    const tokens = new AccessTokens(() => now, 'tok.');
    const issued = tokens.issue('client', 60);
    expect(issued.token.startsWith('tok.')).toBe(true);
    expect(tokens.check(`Bearer ${issued.token}`)).toMatchObject({ valid: true });
    expect(tokens.check(undefined)).toEqual({ valid: false, reason: 'missing' });
    expect(tokens.check('Bearer other')).toEqual({ valid: false, reason: 'unknown' });
    now += 60_000;
    expect(tokens.check(`Bearer ${issued.token}`)).toEqual({ valid: false, reason: 'expired' });
  });

  it('stamps strictly rising times, after seeded history', () => {
    const clock = new MonotonicClock(() => 5);
    expect([clock.tick(), clock.tick()]).toEqual([5, 6]);
    clock.advancePast(100);
    expect(clock.tick()).toBe(101);
  });

  it('names every bad option, and turns request windows into bucket options', () => {
    const schema = z.object({ port: z.number(), host: z.string() });
    expect(() => parseOptions(schema, { port: 'x' }, 'Test')).toThrow(
      /invalid Test sandbox config: port: .*; host: /,
    );
    expect(perWindow(6000, 300)).toEqual({ capacity: 6000, restoreRate: 20 });
  });
});
