import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngress, type Ingress, type WebhookRoute } from './ingress';
import type { WebhookJob, WebhookQueue } from './queue';
import { quietLogger } from '../../test/doubles/testkit';
import { openWebhookIntake, type WebhookIntake } from './webhook-intake';

// The intake against real HTTP: an own ingress on a free port, or a route on a shared one.

const PATH = '/webhooks/test';

/** Enqueues the body as the job's topic; 503 when the queue refuses it. */
const testRoute = (queue: WebhookQueue): WebhookRoute => ({
  path: PATH,
  handle: (request) => ({
    status: queue.enqueue({
      topic: request.raw.toString(),
      body: {},
      eventId: undefined,
      triggeredAt: undefined,
    })
      ? 202
      : 503,
  }),
});

const post = (base: string, topic: string) =>
  fetch(`${base}${PATH}`, { method: 'POST', body: topic });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(options: {
  ingress?: Ingress;
  port?: number;
  handle: (job: WebhookJob) => Promise<void>;
  onListenError?: () => Promise<void>;
}): Promise<WebhookIntake<WebhookRoute>> {
  const intake = await openWebhookIntake({
    host: '127.0.0.1',
    port: options.port ?? 0,
    logger: quietLogger(),
    source: 'Test',
    route: testRoute,
    ...options,
  });
  cleanups.push(async () => {
    await intake.closeIngress();
    await intake.drain();
  });
  return intake;
}

describe('openWebhookIntake', () => {
  it('runs its own ingress when none is shared, and closes it', async () => {
    const seen: string[] = [];
    const intake = await open({ handle: async (job) => void seen.push(job.topic) });
    const base = intake.ingress.url;
    expect((await post(base, 'a')).status).toBe(202);
    await intake.queue.idle();
    expect(seen).toEqual(['a']);

    await intake.closeIngress();
    await expect(post(base, 'b')).rejects.toThrow();
  });

  it('adds its route to a shared ingress and leaves closing it to the owner', async () => {
    const shared = createIngress({ host: '127.0.0.1', port: 0, logger: quietLogger() });
    cleanups.push(() => shared.close());
    const seen: string[] = [];
    const intake = await open({
      ingress: shared,
      handle: async (job) => void seen.push(job.topic),
    });
    expect(intake.ingress).toBe(shared);
    const base = await shared.listen();
    expect((await post(base, 'a')).status).toBe(202);
    await intake.queue.idle();
    expect(seen).toEqual(['a']);

    await intake.closeIngress();
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('drains what the queue accepted, then refuses more', async () => {
    const done: string[] = [];
    // Jobs wait at a gate the test opens, so "accepted but not yet processed" is certain.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const intake = await open({
      handle: async (job) => {
        await gate;
        done.push(job.topic);
      },
    });
    const base = intake.ingress.url;
    for (const topic of ['a', 'b', 'c']) expect((await post(base, topic)).status).toBe(202);
    expect(done).toEqual([]);

    const drained = intake.drain();
    release();
    await drained;
    expect(done).toEqual(['a', 'b', 'c']);
    expect((await post(base, 'late')).status).toBe(503);
  });

  it('stops its queue and lets the caller clean up when its port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const address = taken.address();
    if (!address || typeof address === 'string') throw new Error('no port');

    let queue: WebhookQueue | undefined;
    let released = 0;
    await expect(
      openWebhookIntake({
        host: '127.0.0.1',
        port: address.port,
        logger: quietLogger(),
        source: 'Test',
        handle: async () => {},
        route: (q) => {
          queue = q;
          return testRoute(q);
        },
        onListenError: async () => void (released += 1),
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    expect(released).toBe(1);
    expect(
      queue?.enqueue({ topic: 'x', body: {}, eventId: undefined, triggeredAt: undefined }),
    ).toBe(false);
  });
});
