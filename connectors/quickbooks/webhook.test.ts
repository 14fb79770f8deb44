import { describe, expect, it } from 'vitest';
import { PendingChanges } from './pending';
import { WebhookQueue, type WebhookJob } from '../common/queue';
import { quietLogger } from '../../test/doubles/testkit';
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
      detail: expect.stringContaining('eventNotifications') as unknown,
    });
  });
});

const cloudEvent = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'c0ffee00-0000-4000-8000-000000000001',
  source: 'intuit.test-app',
  type: 'qbo.invoice.updated.v1',
  datacontenttype: 'application/json',
  time: '2026-01-02T03:04:05.000Z',
  intuitentityid: '7',
  intuitaccountid: REALM,
  data: {},
  ...over,
});

const signed = (raw: string) =>
  checkNotification(Buffer.from(raw), { 'intuit-signature': signNotification(raw, TOKEN) }, TOKEN);

describe('QuickBooks webhook verification: the CloudEvents format', () => {
  it('maps CloudEvents to exactly the changes the legacy body names', () => {
    const legacy = JSON.stringify({
      eventNotifications: [
        {
          realmId: REALM,
          dataChangeEvent: {
            entities: [
              { name: 'SalesReceipt', id: '7', operation: 'Create', lastUpdated: 't1' },
              { name: 'Invoice', id: '8', operation: 'Delete', lastUpdated: 't2' },
              { name: 'Customer', id: '9', operation: 'Merge', lastUpdated: 't3' },
            ],
          },
        },
      ],
    }).replace(/"t(\d)"/g, '"2026-01-02T03:04:0$1-08:00"');
    const cloud = JSON.stringify([
      cloudEvent({
        type: 'qbo.salesreceipt.created.v1',
        intuitentityid: '7',
        time: '2026-01-02T03:04:01-08:00',
      }),
      cloudEvent({
        type: 'qbo.invoice.deleted.v1',
        intuitentityid: '8',
        time: '2026-01-02T03:04:02-08:00',
      }),
      cloudEvent({
        type: 'qbo.customer.merged.v1',
        intuitentityid: '9',
        time: '2026-01-02T03:04:03-08:00',
      }),
    ]);
    const a = signed(legacy);
    const b = signed(cloud);
    if (!a.valid || !b.valid) throw new Error(`refused: ${JSON.stringify([a, b])}`);
    expect(a.format).toBe('legacy');
    expect(b.format).toBe('cloudevents');
    expect(b.changes).toEqual(a.changes);
    expect(b.changes.map((c) => c.name)).toEqual(['SalesReceipt', 'Invoice', 'Customer']);
    expect(b.realmIds).toEqual([REALM]);
  });

  it('refuses a malformed CloudEvents body with the reason, after the signature', () => {
    const cases: [unknown, string][] = [
      [[cloudEvent({ specversion: '0.3' })], '0.specversion'],
      [[cloudEvent({ type: 'com.example.thing' })], 'qbo.<entity>.<operation>'],
      [[cloudEvent(), cloudEvent({ intuitaccountid: undefined })], '1.intuitaccountid'],
      [[cloudEvent({ time: 'yesterday' })], '0.time'],
      [['not an event'], 'CloudEvents'],
    ];
    for (const [body, says] of cases) {
      const check = signed(JSON.stringify(body));
      expect(check).toMatchObject({ valid: false, reason: 'bad_shape' });
      expect(check.valid ? '' : 'detail' in check ? check.detail : '').toContain(says);
    }
    const raw = JSON.stringify([cloudEvent({ specversion: '0.3' })]);
    expect(
      checkNotification(
        Buffer.from(raw),
        { 'intuit-signature': signNotification(raw, 'x') },
        TOKEN,
      ),
    ).toEqual({ valid: false, reason: 'invalid_signature' });
  });
});

describe('QuickBooks webhook route', () => {
  it('refuses a forged CloudEvents delivery with 401 and a malformed one with 400 and the reason', async () => {
    const { route, jobs } = setup();
    const good = JSON.stringify([cloudEvent()]);
    expect(await route.handle(request(good, signNotification(good, 'forged')))).toEqual({
      status: 401,
    });
    const bad = JSON.stringify([cloudEvent({ intuitentityid: '' })]);
    const answer = await route.handle(request(bad, signNotification(bad, TOKEN)));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body ?? '{}')).toEqual({
      error: 'bad_shape',
      detail: expect.stringContaining('0.intuitentityid') as unknown,
    });
    expect(jobs).toEqual([]);
    expect(await route.handle(request(good, signNotification(good, TOKEN)))).toEqual({
      status: 200,
    });
    expect((jobs[0]?.body as NotificationJobBody).changes).toEqual([
      { name: 'Invoice', id: '7', operation: 'Update', lastUpdated: '2026-01-02T03:04:05.000Z' },
    ]);
  });

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
