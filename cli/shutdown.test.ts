import { describe, expect, it } from 'vitest';
import { shutdownWithin } from './shutdown';

describe('shutdownWithin', () => {
  it('reports a cleanup that finishes, or fails', async () => {
    await expect(shutdownWithin(async () => undefined, 60_000)).resolves.toEqual({
      result: 'done',
    });
    const error = new Error('producer gone');
    await expect(shutdownWithin(() => Promise.reject(error), 60_000)).resolves.toEqual({
      result: 'failed',
      error,
    });
  });

  it('gives up a cleanup that never ends once the deadline passes', async () => {
    await expect(shutdownWithin(() => new Promise(() => undefined), 10)).resolves.toEqual({
      result: 'deadline',
    });
  });
});
