import type { GraphQLSchema } from 'graphql';
import type { Knobs } from '../toolkit/knobs';
import { LeakyBucket } from '../toolkit/rate-limit';
import type { TrafficGenerator } from '../toolkit/traffic';
import { WebhookDeliverer } from '../toolkit/webhooks';
import { startVendorServer } from '../toolkit/vendor-server';
import { BulkOperations } from './bulk';
import { shopifySandboxConfigSchema, type ShopifySandboxConfig } from './config';
import { registerRoutes } from './http';
import { bindResolvers, type ShopContext } from './resolvers';
import { loadSandboxSchema, schemaEnvVar, type ServedSchema } from './schema';
import { ShopifyPayments } from './payments';
import { seedStore } from './seed';
import { ShopStore } from './store';
import { createShopTraffic } from './traffic';
import { hmacOf, ShopWebhooks } from './webhooks';

// The Shopify sandbox: a real HTTP server speaking the Admin GraphQL API over a seeded shop.
export interface ShopifySandbox {
  /** Base URL, e.g. http://127.0.0.1:4301 */
  url: string;
  /** The GraphQL endpoint for the configured API version. */
  graphqlUrl: string;
  shopDomain: string;
  apiVersion: string;
  accessToken: string;
  store: ShopStore;
  schema: GraphQLSchema;
  /** Which schema is served: Shopify's whole one or the sandbox's subset. */
  served: Pick<ServedSchema, 'kind' | 'description'>;
  /** Latency and injected 5xx / 429 on the API. */
  knobs: Knobs;
  /** Subscriptions; `subscribeAll(url)` is a shortcut for tests and `plexus start`. */
  webhooks: ShopWebhooks;
  /** Delivery knobs (duplicates, delay, drop, retries) and stats. */
  deliveries: WebhookDeliverer;
  bucket: LeakyBucket;
  bulk: BulkOperations;
  /** Shopify Payments: balance transactions and payouts; `issuePayout()` pays out now. */
  payments: ShopifyPayments;
  traffic: TrafficGenerator;
  close: () => Promise<void>;
}

export { shopifySandboxConfigSchema, type ShopifySandboxConfig } from './config';
export { hmacOf } from './webhooks';

export async function startShopifySandbox(
  input: ShopifySandboxConfig = {},
): Promise<ShopifySandbox> {
  const parsed = shopifySandboxConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`invalid Shopify sandbox config: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  const shopName = config.shop.replace(/\.myshopify\.com$/, '');
  const shopDomain = `${shopName}.myshopify.com`;
  const store = new ShopStore();
  seedStore(store, {
    seed: config.seed,
    customers: config.customers,
    products: config.products,
    orders: config.orders,
    locations: config.locations,
    now: config.now ?? Date.now(),
    historyDays: config.historyDays,
    currency: config.currency,
  });
  // From the sandbox's start on: the seeded history predates the Shopify Payments account.
  const payments = new ShopifyPayments(store, {
    currency: config.currency,
    feeBasisPoints: config.payments.feeBasisPoints,
    feeFixedCents: config.payments.feeFixedCents,
  });
  const payoutTimer =
    config.payments.payoutIntervalMs > 0
      ? setInterval(() => payments.issuePayout(), config.payments.payoutIntervalMs).unref()
      : undefined;
  const deliveries = new WebhookDeliverer({
    knobs: config.webhooks,
    seed: config.seed,
    sign: (body) => ({ 'X-Shopify-Hmac-Sha256': hmacOf(body, config.webhookSecret) }),
  });
  const webhooks = new ShopWebhooks(store, deliveries, {
    shopDomain,
    apiVersion: config.apiVersion,
    timezone: config.timezone,
    currency: config.currency,
  });
  // One bucket per app and store; the sandbox has one app (one access token).
  const bucket = new LeakyBucket({
    capacity: 20 * config.restoreRate,
    restoreRate: config.restoreRate,
  });
  // An empty variable counts as unset, as a blank line in an .env file would leave it.
  const served = loadSandboxSchema(config.schemaFile ?? (process.env[schemaEnvVar] || undefined));
  const schema = bindResolvers(served.schema);
  const epoch = config.now ?? Date.now();
  let baseUrl = '';
  const context = (unbounded: boolean): ShopContext => ({
    store,
    payments,
    shopName,
    shopDomain,
    currency: config.currency,
    bulk,
    webhooks,
    unbounded,
    epoch,
    timezone: config.timezone,
    searches: [],
  });
  const bulk: BulkOperations = new BulkOperations({
    schema,
    newId: () => store.newId(),
    stamp: () => store.stamp(),
    context: () => context(true),
    resultUrl: (id) => `${baseUrl}/bulk-results/${id}.jsonl`,
    delayMs: config.bulkDelayMs,
  });
  const traffic = createShopTraffic(store, payments, {
    ratePerSecond: config.traffic.ratePerSecond,
    seed: config.seed + 1,
    currency: config.currency,
  });
  const { server, knobs } = await startVendorServer({
    config,
    errorBody: shopifyErrorBody,
    applies: (request) => request.url.startsWith('/admin/'),
    routes: (app) => {
      registerRoutes(app, {
        schema,
        accessToken: config.accessToken,
        bucket,
        bulk,
        context: () => context(false),
      });
    },
  });
  baseUrl = server.url;
  server.app.log.info({ schema: served.kind }, `Shopify sandbox serves ${served.description}`);
  if (config.traffic.autoStart) traffic.start();
  return {
    url: server.url,
    graphqlUrl: `${server.url}/admin/api/${config.apiVersion}/graphql.json`,
    shopDomain,
    apiVersion: config.apiVersion,
    accessToken: config.accessToken,
    store,
    schema,
    served: { kind: served.kind, description: served.description },
    knobs,
    webhooks,
    deliveries,
    bucket,
    bulk,
    payments,
    traffic,
    close: async () => {
      traffic.stop();
      clearInterval(payoutTimer);
      payments.close();
      bulk.close();
      await deliveries.close();
      await server.close();
    },
  };
}

/** Shopify's bodies for the injected failures (REST-style `errors` strings). */
function shopifyErrorBody(status: number) {
  if (status === 429) {
    return {
      body: {
        errors:
          'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
      },
    };
  }
  if (status === 503) return { body: { errors: 'Service Unavailable' } };
  if (status === 502) return { body: { errors: 'Bad Gateway' } };
  return { body: { errors: 'Internal Server Error' } };
}
