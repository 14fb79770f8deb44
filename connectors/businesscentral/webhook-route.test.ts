import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../common/ingress';
import { WebhookQueue, type WebhookJob } from '../common/queue';
import { quietLogger } from '../../test/doubles/testkit';
import { checkNotification, parseResource, sameSecret } from './notification';
import { bcWebhookRoute } from './webhook-route';

const SECRET = 'the-registered-client-state';
const company = 'a96cd3ab-bded-4ec3-a5ba-903c7fe09cff';

const item = (over: Record<string, unknown> = {}) => ({
  subscriptionId: 'sub-1',
  clientState: SECRET,
  expirationDateTime: '2025-03-07T00:00:00Z',
  resource: `api/v2.0/companies(${company})/customers(0f6b4c2e-1111-4222-a333-444455556666)`,
  changeType: 'updated',
  lastModifiedDateTime: '2025-03-04T00:00:00.123Z',
  ...over,
});

const request = (body: unknown, query: Record<string, string> = {}): WebhookRequest => ({
  raw: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  headers: { 'content-type': 'application/json' },
  query,
  url: '/webhooks/erp',
  ip: '127.0.0.1',
});

function setup(capacity = 100) {
  const jobs: WebhookJob[] = [];
  // Not started: jobs stay queued, so the test sees what the route enqueued.
  const queue = new WebhookQueue({
    handle: async (job) => void jobs.push(job),
    logger: quietLogger(),
    capacity,
  });
  const route = bcWebhookRoute({
    secrets: [SECRET, 'an-older-client-state'],
    queue,
    logger: quietLogger(),
  });
  return { route, queue };
}

describe('BC notification checks', () => {
  it('compares secrets in constant time, whatever their lengths', () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret(`${SECRET}x`, SECRET)).toBe(false);
    expect(sameSecret('', SECRET)).toBe(false);
  });

  it('accepts only deliveries whose every item carries a registered clientState', () => {
    const ok = checkNotification(Buffer.from(JSON.stringify({ value: [item()] })), [SECRET]);
    expect(ok.valid).toBe(true);
    const mixed = { value: [item(), item({ clientState: 'forged' })] };
    expect(checkNotification(Buffer.from(JSON.stringify(mixed)), [SECRET])).toMatchObject({
      valid: false,
      reason: 'client_state_mismatch',
      status: 401,
    });
    expect(checkNotification(Buffer.from('{'), [SECRET])).toMatchObject({ reason: 'not_json' });
    expect(checkNotification(Buffer.from('{"value":[]}'), [SECRET])).toMatchObject({
      reason: 'bad_shape',
    });
  });

  it('reads the set and record of a resource in every form BC writes it', () => {
    const id = '0f6b4c2e-1111-4222-a333-444455556666';
    expect(parseResource(`api/v2.0/companies(${company})/customers(${id})`)).toEqual({
      set: 'customers',
      companyId: company,
      id,
    });
    expect(
      parseResource(
        `https://api.businesscentral.dynamics.com/v2.0/t/production/api/plexus/inventory/v1.0/companies(${company.toUpperCase()})/locationStocks`,
      ),
    ).toEqual({ set: 'locationStocks', companyId: company });
    expect(
      parseResource(
        `/api/v2.0/companies(${company})/items?$filter=lastModifiedDateTime%20gt%202025-01-01T00:00:00Z`,
      ),
    ).toEqual({ set: 'items', companyId: company });
    expect(parseResource(`api/v2.0/companies(${company})/journals`)).toBeUndefined();
    expect(parseResource('nonsense')).toBeUndefined();
  });
});

describe('POST /webhooks/erp', () => {
  it('echoes the validation token as text/plain with 200', async () => {
    const { route, queue } = setup();
    const answer = await route.handle(request('', { validationToken: 'abc-123_XYZ' }));
    expect(answer).toEqual({
      status: 200,
      body: 'abc-123_XYZ',
      contentType: 'text/plain; charset=utf-8',
    });
    expect((await route.handle(request('', { validationToken: '<script>' }))).status).toBe(400);
    expect(queue.stats.enqueued).toBe(0);
  });

  it('rejects a forged clientState with 401 and enqueues nothing', async () => {
    const { route, queue } = setup();
    const answer = await route.handle(request({ value: [item({ clientState: 'guess' })] }));
    expect(answer.status).toBe(401);
    expect(queue.stats.enqueued).toBe(0);
    expect(route.stats.rejected).toBe(1);
  });

  it('enqueues new items once: a retried delivery is a duplicate', async () => {
    const { route, queue } = setup();
    const body = { value: [item(), item({ changeType: 'deleted' })] };
    expect((await route.handle(request(body))).status).toBe(202);
    expect((await route.handle(request(body))).status).toBe(202);
    expect(queue.stats.enqueued).toBe(1);
    expect(route.stats).toMatchObject({ accepted: 2, duplicates: 2 });
    const later = { value: [item({ lastModifiedDateTime: '2025-03-04T00:00:01Z' })] };
    await route.handle(request(later));
    expect(queue.stats.enqueued).toBe(2);
  });

  it('answers 503 when the queue is full and takes the same delivery later', async () => {
    const { route, queue } = setup(1);
    await route.handle(request({ value: [item()] }));
    const second = { value: [item({ resource: `api/v2.0/companies(${company})/items` })] };
    expect((await route.handle(request(second))).status).toBe(503);
    expect(queue.stats.enqueued).toBe(1);
    queue.start();
    await queue.idle();
    expect((await route.handle(request(second))).status).toBe(202);
    expect(queue.stats.enqueued).toBe(2);
    await queue.stop();
  });

  it('answers 400 to a body that is not a notification', async () => {
    const { route } = setup();
    expect((await route.handle(request('not json'))).status).toBe(400);
    expect((await route.handle(request({ value: [{ resource: 'x' }] }))).status).toBe(400);
  });
});
