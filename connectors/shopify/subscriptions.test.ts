import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from '../../sandbox/shopify';
import { sandboxConfig } from '../../test/doubles/shopify/sandbox-config';
import { quietLogger } from '../../test/doubles/testkit';
import { createShopifyClient } from './client';
import { WebhookSubscriptions } from './subscriptions';

// The subscription pass against the sandbox's webhookSubscription* operations.

const OURS = 'https://plexus.example/webhooks/shopify';
let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, customers: 2, orders: 1, products: 1 });
});
afterAll(() => sb.close());

const manager = (
  topics: ConstructorParameters<typeof WebhookSubscriptions>[0]['topics'],
  logger = quietLogger(),
) =>
  new WebhookSubscriptions({
    client: createShopifyClient({ config: sandboxConfig(sb), logger: quietLogger() }),
    logger,
    topics,
    callbackUrl: OURS,
  });

/** A logger that keeps the level and message of every line. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  return { logger, errors: () => lines.filter((l) => l.level >= 50).map((l) => l.msg) };
}

const topicsAt = (url: string) =>
  [...sb.webhooks.subscriptions.values()]
    .filter((s) => s.callbackUrl === url)
    .map((s) => s.topic)
    .sort();

describe('Shopify webhook subscriptions', () => {
  it('removes the stale subscriptions it owns and only those', async () => {
    sb.webhooks.subscribe('PRODUCTS_UPDATE', OURS);
    sb.webhooks.subscribe('CUSTOMERS_UPDATE', OURS);
    sb.webhooks.subscribe('PRODUCTS_UPDATE', 'https://someone.example/hooks');
    const stats = await manager(['CUSTOMERS_UPDATE', 'ORDERS_PAID']).ensure();
    expect(stats).toEqual({ created: 1, updated: 0, deleted: 1, failed: 0, active: 2 });
    expect(topicsAt(OURS)).toEqual(['CUSTOMERS_UPDATE', 'ORDERS_PAID']);
    expect(topicsAt('https://someone.example/hooks')).toEqual(['PRODUCTS_UPDATE']);
  });

  it('counts a topic Shopify refuses as failed and still subscribes the rest', async () => {
    // Not a topic of the sandbox's (nor of Shopify's): the request itself is refused.
    const topics = ['CUSTOMERS_DELETE', 'NOT_A_TOPIC'] as unknown as ['CUSTOMERS_DELETE'];
    const { logger, errors } = recordingLogger();
    const subscriptions = manager(topics, logger);
    expect(await subscriptions.ensure()).toMatchObject({ failed: 1, active: 1 });
    expect(topicsAt(OURS)).toContain('CUSTOMERS_DELETE');
    // Failing again is counted, but logged as an error only when it started.
    expect(await subscriptions.ensure()).toMatchObject({ failed: 2, active: 1 });
    expect(errors()).toEqual(['Shopify webhook subscription could not be changed']);
  });
});
