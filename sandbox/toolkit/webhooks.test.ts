import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './testing';
import { TrafficGenerator } from './traffic';
import { WebhookDeliverer } from './webhooks';
import { decodeCursor, encodeCursor } from './cursor';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('WebhookDeliverer', () => {
  it('signs the exact body and retries failures with backoff until a 2xx', async () => {
    receiver = await startReceiver((n) => (n < 3 ? 500 : 200));
    const deliverer = new WebhookDeliverer({
      knobs: { backoffMs: 5, maxAttempts: 5 },
      sign: (body) => ({ 'x-signature': String(body.length) }),
    });
    deliverer.deliver({ url: receiver.url, body: '{"a":1}', headers: { 'x-topic': 't' } });
    await deliverer.idle();
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((r) => r.rawBody === '{"a":1}')).toBe(true);
    expect(receiver.received[0]?.headers['x-signature']).toBe('7');
    expect(deliverer.stats).toMatchObject({ delivered: 1, failed: 0, attempts: 3 });
    expect(deliverer.log.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it('gives up after maxAttempts, drops on purpose and duplicates on purpose', async () => {
    receiver = await startReceiver(() => 503);
    const failing = new WebhookDeliverer({ knobs: { backoffMs: 1, maxAttempts: 2 } });
    failing.deliver({ url: receiver.url, body: '{}', headers: {} });
    await failing.idle();
    expect(failing.stats).toMatchObject({ failed: 1, attempts: 2 });

    const lossy = new WebhookDeliverer({ knobs: { dropRate: 1 } });
    lossy.deliver({ url: receiver.url, body: '{}', headers: {} });
    await lossy.idle();
    expect(lossy.stats).toMatchObject({ dropped: 1, attempts: 0 });

    const twice = new WebhookDeliverer({ knobs: { duplicateRate: 1, maxAttempts: 1 } });
    twice.deliver({ url: receiver.url, body: '{}', headers: {} });
    await twice.idle();
    expect(twice.stats).toMatchObject({ duplicated: 1, attempts: 2 });
  });

  it('stops at a final status, reports the outcome, and rebuilds the body per attempt', async () => {
    receiver = await startReceiver((n) => (n === 1 ? 503 : 410));
    const outcomes: unknown[] = [];
    const deliverer = new WebhookDeliverer({
      knobs: { backoffMs: 1, maxAttempts: 5 },
      retryable: (status) => status === 'error' || status >= 500,
      sign: (body, url) => ({ 'x-signed': `${url}|${body}` }),
    });
    deliverer.deliver({
      url: receiver.url,
      body: (attempt) => JSON.stringify({ attempt }),
      headers: {},
      onDone: (outcome) => outcomes.push(outcome),
    });
    await deliverer.idle();
    expect(receiver.received.map((r) => r.rawBody)).toEqual(['{"attempt":0}', '{"attempt":1}']);
    expect(receiver.received[1]?.headers['x-signed']).toBe(`${receiver.url}|{"attempt":1}`);
    expect(outcomes).toEqual([{ delivered: false, status: 410, attempts: 2 }]);
  });

  it('closes without sitting out the backoff of a delivery between attempts', async () => {
    receiver = await startReceiver(() => 500);
    // An hour between attempts: close() would outlast the test's timeout if it waited for it.
    const deliverer = new WebhookDeliverer({ knobs: { backoffMs: 3_600_000, maxAttempts: 3 } });
    deliverer.deliver({ url: receiver.url, body: '{}', headers: {} });
    const first = Date.now();
    while (deliverer.stats.attempts === 0 && Date.now() - first < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(deliverer.stats.attempts).toBe(1);
    await deliverer.close();
    expect(receiver.received).toHaveLength(1);
  });

  it('reorders deliveries with a random delay', async () => {
    receiver = await startReceiver();
    const deliverer = new WebhookDeliverer({ knobs: { maxDelayMs: 60 }, seed: 11 });
    for (let i = 0; i < 12; i += 1) {
      deliverer.deliver({ url: receiver.url, body: JSON.stringify({ i }), headers: {} });
    }
    await deliverer.idle();
    const order = receiver.received.map((r) => (JSON.parse(r.rawBody) as { i: number }).i);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(order).not.toEqual([...Array(12).keys()]);
  });
});

describe('TrafficGenerator and cursors', () => {
  it('calls the change at the configured rate and stops', async () => {
    let calls = 0;
    const traffic = new TrafficGenerator({
      ratePerSecond: 200,
      tickMs: 10,
      change: () => (calls += 1),
    });
    const started = Date.now();
    traffic.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    traffic.stop();
    // Bounds from the time that really passed: a loaded machine fires timers late.
    const due = (200 * (Date.now() - started)) / 1000;
    const seen = calls;
    expect(seen).toBeLessThanOrEqual(Math.ceil(due));
    expect(seen).toBeGreaterThanOrEqual(Math.floor(due / 2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(seen);
    traffic.step(3);
    expect(traffic.count).toBe(seen + 3);
  });

  it('lets go of what fell due while the process was stalled instead of making it in one burst', async () => {
    let offset = 0;
    let calls = 0;
    const traffic = new TrafficGenerator({
      ratePerSecond: 1_000,
      tickMs: 10,
      clock: () => Date.now() + offset,
      change: () => (calls += 1),
    });
    traffic.start();
    // As if the event loop had been blocked for a minute: 60,000 changes fell due at once.
    offset = 60_000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    traffic.stop();
    expect(traffic.skipped).toBeGreaterThan(50_000);
    expect(calls).toBeLessThan(10_000);
    expect(traffic.count).toBe(calls);
  });

  it('round-trips opaque cursors and rejects garbage', () => {
    expect(decodeCursor(encodeCursor({ last_id: 5, last_value: 'x' }))).toEqual({
      last_id: 5,
      last_value: 'x',
    });
    expect(decodeCursor('not a cursor')).toBeUndefined();
  });
});
