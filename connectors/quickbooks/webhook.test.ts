import { describe, expect, it } from 'vitest';
import { PendingChanges } from './pending';
import { WebhookQueue, type WebhookJob } from '../common/queue';
import { quietLogger } from '../common/testkit';
import { quickBooksWebhookRoute, type NotificationJobBody } from './webhook-route';
import { checkNotification, signNotification } from './webhook';

const TOKEN = 'verifier-token';
const REALM = '123';

const body = (realmId = REALM, id = '7', operation = 'Update') =>
  JSON.stringify({
    eventNotifications: [
      {
        realmId,
        dataChangeEvent: {
          entities: [{ name: 'Invoice', id, operation, lastUpdated: '2026-01-02T03:04:05.000Z' }],
        },
      },
    ],
  });

const request = (raw: string, signature?: string) => ({
  raw: Buffer.from(raw),
  headers: signature ? { 'intuit-signature': signature } : {},
  query: {},
  url: '/webhooks/accounting',
  ip: '127.0.0.1',
});

function setup(capacity = 100, pending = new PendingChanges()) {
  const jobs: WebhookJob[] = [];
  const queue = new WebhookQueue({
    handle: async () => undefined,
    logger: quietLogger(),
    capacity,
  });
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = (job) => {
    const ok = enqueue(job);
    if (ok) jobs.push(job);
    return ok;
  };
  const route = quickBooksWebhookRoute({
    verifierToken: TOKEN,
    realmId: REALM,
    queue,
    logger: quietLogger(),
    pending,
  });
  return { jobs, route, queue };
}

describe('QuickBooks webhook verification', () => {
  it('accepts the signed body and rejects forged, missing and re-serialised ones', () => {
    const raw = body();
    expect(
      checkNotification(
        Buffer.from(raw),
        { 'intuit-signature': signNotification(raw, TOKEN) },
        TOKEN,
      ),
    ).toMatchObject({
      valid: true,
      changes: [{ name: 'Invoice', id: '7', realmId: REALM }],
    });
    expect(
      checkNotification(
        Buffer.from(raw),
        { 'intuit-signature': signNotification(raw, 'x') },
        TOKEN,
      ),
    ).toEqual({
      valid: false,
      reason: 'invalid_signature',
    });
    expect(checkNotification(Buffer.from(raw), {}, TOKEN)).toEqual({
      valid: false,
      reason: 'missing_signature',
    });
    const reformatted = JSON.stringify(JSON.parse(raw), null, 2);
    expect(
      checkNotification(
        Buffer.from(reformatted),
        { 'intuit-signature': signNotification(raw, TOKEN) },
        TOKEN,
      ).valid,
    ).toBe(false);
    const junk = '{"hello":1}';
    expect(
      checkNotification(
        Buffer.from(junk),
        { 'intuit-signature': signNotification(junk, TOKEN) },
        TOKEN,
      ),
    ).toEqual({
      valid: false,
      reason: 'bad_shape',
    });
  });
});

describe('QuickBooks webhook route', () => {
  it('answers 401 to a forged delivery and enqueues nothing', async () => {
    const { route, jobs } = setup();
    const raw = body();
    expect(await route.handle(request(raw, signNotification(raw, 'forged')))).toEqual({
      status: 401,
    });
    expect(await route.handle(request(raw))).toEqual({ status: 401 });
    expect(jobs).toEqual([]);
  });

  it('enqueues a change once however often it is delivered, and ignores other realms', async () => {
    const { route, jobs } = setup();
    const raw = body();
    for (let i = 0; i < 3; i += 1) {
      expect(await route.handle(request(raw, signNotification(raw, TOKEN)))).toEqual({
        status: 200,
      });
    }
    const other = body('999', '8');
    expect(await route.handle(request(other, signNotification(other, TOKEN)))).toEqual({
      status: 200,
    });
    expect(jobs.map((j) => (j.body as NotificationJobBody).changes.map((c) => c.id))).toEqual([
      ['7'],
    ]);
  });

  it('reads again when an equal change arrives after its read began (same-second updates)', async () => {
    const pending = new PendingChanges();
    const { route, jobs } = setup(100, pending);
    const raw = body();
    await route.handle(request(raw, signNotification(raw, TOKEN)));
    // The worker takes the job: the record is read now; a second update in the same second
    // produces an identical notification, which must not be dropped.
    pending.release((jobs[0]?.body as NotificationJobBody).changes);
    await route.handle(request(raw, signNotification(raw, TOKEN)));
    expect(jobs).toHaveLength(2);
  });

  it('answers 503 when the queue is full and takes the retry later', async () => {
    const pending = new PendingChanges();
    const full = setup(0, pending);
    const raw = body();
    expect(await full.route.handle(request(raw, signNotification(raw, TOKEN)))).toEqual({
      status: 503,
    });
    expect(full.jobs).toEqual([]);
    // Intuit's retry reaches a worker with room: it is not mistaken for a duplicate.
    const later = setup(100, pending);
    expect(await later.route.handle(request(raw, signNotification(raw, TOKEN)))).toEqual({
      status: 200,
    });
    expect(later.jobs).toHaveLength(1);
  });
});
