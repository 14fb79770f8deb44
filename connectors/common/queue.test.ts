import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { webhooksRefused } from '../../lib/metrics';
import { TransientError, ValidationError } from '../../lib/errors';
import { WebhookQueue, type WebhookJob } from './queue';
import { quietLogger } from '../../test/doubles/testkit';

const job = (topic: string): WebhookJob => ({
  topic,
  body: {},
  eventId: undefined,
  triggeredAt: undefined,
});

describe('WebhookQueue', () => {
  it('processes in order, retries retriable failures, drops the rest', async () => {
    const seen: string[] = [];
    let flaky = 0;
    const queue = new WebhookQueue({
      logger: quietLogger(),
      retryDelayMs: 1,
      handle: async (j) => {
        seen.push(j.topic);
        if (j.topic === 'flaky' && ++flaky < 3) throw new TransientError('broker away');
        if (j.topic === 'bad') throw new ValidationError('cannot map');
      },
    });
    queue.start();
    for (const t of ['a', 'flaky', 'bad', 'b']) expect(queue.enqueue(job(t))).toBe(true);
    await queue.idle();
    expect(seen).toEqual(['a', 'flaky', 'flaky', 'flaky', 'bad', 'b']);
    expect(queue.stats).toMatchObject({ enqueued: 4, processed: 3, failed: 1, depth: 0 });
    await queue.stop();
    expect(queue.enqueue(job('late'))).toBe(false);
  });

  it('with concurrency, a job waiting on a slow answer does not hold up the ones behind it', async () => {
    let fastDone!: () => void;
    const fast = new Promise<void>((resolve) => (fastDone = resolve));
    const order: string[] = [];
    const queue = new WebhookQueue({
      logger: quietLogger(),
      concurrency: 2,
      handle: async (j) => {
        // With one worker this waits for ever: 'fast' is behind it.
        if (j.topic === 'slow') await fast;
        if (j.topic === 'fast') fastDone();
        order.push(j.topic);
      },
    });
    queue.start();
    queue.enqueue(job('slow'));
    queue.enqueue(job('fast'));
    await queue.idle();
    expect(order).toEqual(['fast', 'slow']);
    await queue.stop();
  });

  it('is idle only once every worker has finished its job', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const queue = new WebhookQueue({ logger: quietLogger(), concurrency: 3, handle: () => gate });
    queue.start();
    for (const t of ['a', 'b', 'c']) queue.enqueue(job(t));
    let idle = false;
    const drained = queue.idle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    open();
    await drained;
    expect(queue.stats).toMatchObject({ processed: 3, depth: 0 });
    await queue.stop();
  });

  it('refuses work beyond its capacity, so the ingress can answer 503, and says so once', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino(
      { level: 'info' },
      {
        write: (line: string) =>
          void lines.push(JSON.parse(line) as { level: number; msg: string }),
      },
    );
    const refused = async () =>
      (await webhooksRefused.get()).values.find((v) => v.labels.source === 'QueueTest')?.value ?? 0;
    const before = await refused();
    const queue = new WebhookQueue({
      logger,
      source: 'QueueTest',
      capacity: 1,
      handle: async () => {},
    });
    expect(queue.enqueue(job('a'))).toBe(true);
    expect(queue.enqueue(job('b'))).toBe(false);
    expect(queue.enqueue(job('c'))).toBe(false);
    expect(queue.stats).toMatchObject({ refused: 2, depth: 1 });
    expect((await refused()) - before).toBe(2);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'QueueTest webhook queue full: answering 503 until the worker catches up',
    ]);
    queue.start();
    await queue.idle();
    expect(queue.enqueue(job('d'))).toBe(true);
    expect(lines.at(-1)?.msg).toBe('QueueTest webhook queue has room again');
    await queue.stop();
  });
});
