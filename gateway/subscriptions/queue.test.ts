import { describe, expect, it } from 'vitest';
import { EventQueue, type Overflow } from './queue';

describe('EventQueue', () => {
  it('hands events in order, to a waiting consumer at once', async () => {
    const queue = new EventQueue<number>(
      3,
      () => undefined,
      () => undefined,
    );
    const first = queue.next();
    queue.push(1);
    queue.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
  });

  it('overflows past its limit instead of growing, and ends', async () => {
    const overflows: Overflow[] = [];
    let ended = 0;
    const queue = new EventQueue<number>(
      2,
      (o) => overflows.push(o),
      () => ended++,
    );
    for (let i = 0; i < 5; i++) queue.push(i);
    expect(overflows).toEqual([{ reason: 'more than 2 events queued' }]);
    expect(ended).toBe(1);
    expect(queue.size).toBe(0);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a pending consumer when returned', async () => {
    let ended = 0;
    const queue = new EventQueue<number>(
      2,
      () => undefined,
      () => ended++,
    );
    const pending = queue.next();
    await queue.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    queue.push(1);
    expect(queue.size).toBe(0);
    expect(ended).toBe(1);
  });
});
