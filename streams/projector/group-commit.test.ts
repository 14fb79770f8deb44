import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('puts batches that arrive during a transaction into the next one', async () => {
    const transactions: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => {
      transactions.push(items);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    await Promise.all([commit.submit([1]), commit.submit([2]), commit.submit([3, 4])]);
    expect(transactions).toEqual([[1], [2, 3, 4]]);
  });

  it('retries a failed group one submitter at a time, failing only the culprit', async () => {
    const commit = new GroupCommit<number>(async (items) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (items.includes(13)) throw new Error('unlucky');
    });
    const first = commit.submit([1]);
    const results = await Promise.allSettled([
      commit.submit([2]),
      commit.submit([13]),
      commit.submit([4]),
    ]);
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs up to `concurrency` transactions at once, grouping what waits behind them', async () => {
    const transactions: number[][] = [];
    let running = 0;
    let most = 0;
    const commit = new GroupCommit<number>(async (items) => {
      transactions.push(items);
      most = Math.max(most, (running += 1));
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => commit.submit([n])));
    expect(most).toBe(2);
    expect(transactions).toEqual([[1], [2], [3, 4, 5]]);
  });
});
