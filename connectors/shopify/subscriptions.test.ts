import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from '../../sandbox/shopify';
import { sandboxConfig } from '../../test/doubles/shopify/sandbox-config';
import { quietLogger } from '../common/testkit';
import { createShopifyClient } from './client';
import { WebhookSubscriptions } from './subscriptions';

// The subscription pass against the sandbox's webhookSubscription* operations.

const OURS = 'https://plexus.example/webhooks/shopify';
let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, customers: 2, orders: 1, products: 1 });
});
afterAll(() => sb.close());

const manager = (topics: ConstructorParameters<typeof WebhookSubscriptions>[0]['topics']) =>
  new WebhookSubscriptions({
    client: createShopifyClient({ config: sandboxConfig(sb), logger: quietLogger() }),
    logger: quietLogger(),
    topics,
    callbackUrl: OURS,
  });

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
    const stats = await manager(topics).ensure();
    expect(stats).toMatchObject({ failed: 1, active: 1 });
    expect(topicsAt(OURS)).toContain('CUSTOMERS_DELETE');
  });
});
