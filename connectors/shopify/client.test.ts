import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyClient } from './client';
import { ShopifyApiError } from './errors';
import {
  cost,
  ok,
  startFakeShopify,
  type Responder,
} from '../../test/doubles/shopify/fake-shopify';
import { parseRetryAfter } from '../common/retry-after';
import { FakeClock, quietLogger } from '../../test/doubles/testkit';

const config = { shop: 'demo.myshopify.com', accessToken: 'shpat_test', apiVersion: '2025-01' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(responder: Responder) {
  const fake = await startFakeShopify(responder);
  closers.push(fake.close);
  const clock = new FakeClock();
  const client = createShopifyClient({
    config: { ...config, apiUrl: fake.url },
    logger: quietLogger(),
    clock,
    backoffMs: 100,
  });
  return { fake, clock, client };
}

const QUERY = 'query Shop { shop { name } }';

describe('Shopify client over HTTP', () => {
  it('reaches a plain-HTTP endpoint with the access token, on the versioned path', async () => {
    const { fake, client } = await setup(() => ok({ shop: { name: 'Demo' } }));
    await expect(client.request(QUERY)).resolves.toEqual({ shop: { name: 'Demo' } });
    expect(fake.requests[0]?.url).toBe('/admin/api/2025-01/graphql.json');
    expect(fake.requests[0]?.headers['x-shopify-access-token']).toBe('shpat_test');
  });

  it('retries THROTTLED (HTTP 200) after the bucket has refilled', async () => {
    let calls = 0;
    const { client, clock } = await setup(() =>
      ++calls === 1
        ? {
            body: {
              errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
              extensions: { cost: { ...cost(500, 100).cost, actualQueryCost: null } },
            },
          }
        : ok({ shop: { name: 'Demo' } }, 500),
    );
    await expect(client.request(QUERY)).resolves.toEqual({ shop: { name: 'Demo' } });
    expect(client.stats.throttled).toBe(1);
    // 400 points missing (+1 margin) at 100/s.
    expect(clock.sleeps).toContain(4010);
  });

  it('honours Retry-After in seconds on 429, and backs off on 5xx', async () => {
    const script = [
      { status: 429, headers: { 'retry-after': '2' }, body: { errors: 'Exceeded' } },
      { status: 503, body: 'down' },
      ok({ shop: { name: 'Demo' } }),
    ];
    let i = 0;
    const { client, clock } = await setup(() => script[i++]!);
    await expect(client.request(QUERY)).resolves.toBeDefined();
    expect(clock.sleeps[0]).toBe(2000);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(200);
    expect(client.stats.retries).toBe(2);
  });

  it('does not retry what waiting cannot cure', async () => {
    const { client, fake } = await setup(() => ({
      body: {
        errors: [{ message: 'Query cost is 1002', extensions: { code: 'MAX_COST_EXCEEDED' } }],
      },
    }));
    const error = await client.request(QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ code: 'MAX_COST_EXCEEDED', retriable: false });
    expect(fake.requests).toHaveLength(1);
    const unauthorised = await setup(() => ({ status: 401, body: 'no' }));
    await expect(unauthorised.client.request(QUERY)).rejects.toMatchObject({
      code: 'HTTP_401',
      retriable: false,
    });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('1')).toBe(1000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
