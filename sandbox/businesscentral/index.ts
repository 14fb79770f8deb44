import type { Knobs } from '../toolkit/knobs';
import { parseOptions } from '../toolkit/options';
import { LeakyBucket, perWindow } from '../toolkit/rate-limit';
import { createRng } from '../toolkit/random';
import { AccessTokens } from '../toolkit/tokens';
import type { TrafficGenerator } from '../toolkit/traffic';
import { WebhookDeliverer } from '../toolkit/webhooks';
import { startVendorServer } from '../toolkit/vendor-server';
import { registerApiRoutes } from './api';
import { bcScope, registerTokenRoutes } from './auth';
import { bcSandboxConfigSchema, type BcSandboxConfig } from './config';
import { bcErrorBody } from './errors';
import { guid } from './ids';
import { customStockApi } from './paths';
import { seedStore } from './seed';
import { BcStore } from './store';
import { BcSubscriptions, retryableStatus } from './subscriptions';
import { createBcTraffic } from './traffic';

// The Business Central sandbox: a real HTTP server speaking API v2.0 (OData v4) for one company,
// with Entra ID client-credentials tokens, webhook subscriptions and the per-user request limit.
export interface BcSandbox {
  /** Base URL, e.g. http://127.0.0.1:4302 */
  url: string;
  /** `${url}/api/v2.0/companies(${companyId})`: the standard API for the company. */
  apiUrl: string;
  /** The custom API page for stock by location (not a standard BC page). */
  stockUrl: string;
  tokenUrl: string;
  scope: string;
  tenantId: string;
  companyId: string;
  clientId: string;
  clientSecret: string;
  store: BcStore;
  knobs: Knobs;
  subscriptions: BcSubscriptions;
  deliveries: WebhookDeliverer;
  bucket: LeakyBucket;
  tokens: AccessTokens;
  traffic: TrafficGenerator;
  close: () => Promise<void>;
}

export { bcSandboxConfigSchema, type BcSandboxConfig } from './config';
/** The custom API page (`publisher/group/version`) that serves shipments with their tracking. */
export { customShippingApi } from './paths';

export async function startBusinessCentralSandbox(input: BcSandboxConfig = {}): Promise<BcSandbox> {
  const config = parseOptions(bcSandboxConfigSchema, input, 'Business Central');
  const clock = config.clock ?? Date.now;
  const companyId = guid(createRng(config.seed + 100));
  const store = new BcStore(companyId, clock);
  seedStore(store, {
    seed: config.seed,
    customers: config.customers,
    items: config.items,
    locations: config.locations,
    salesOrders: config.salesOrders,
    historyDays: config.historyDays,
    now: config.now ?? clock(),
    currencyCode: config.currencyCode,
    people: config.people,
    catalog: config.catalog,
    warehouses: config.warehouses,
  });
  const deliveries = new WebhookDeliverer({
    knobs: config.webhooks,
    seed: config.seed,
    retryable: retryableStatus,
  });
  const subscriptions = new BcSubscriptions(store, deliveries, {
    ttlHours: config.subscriptionTtlHours,
    windowMs: config.notificationWindowMs,
    collectionThreshold: config.collectionThreshold,
    userId: guid(createRng(config.seed + 200)),
  });
  const tokens = new AccessTokens(clock, 'eyJ0eXAiOiJKV1Qi.');
  const bucket = new LeakyBucket({
    ...perWindow(config.rateLimit.requests, config.rateLimit.windowSeconds),
    clock,
  });
  const traffic = createBcTraffic(store, {
    ratePerSecond: config.traffic.ratePerSecond,
    seed: config.seed + 1,
    currencyCode: config.currencyCode,
  });
  const { server, knobs } = await startVendorServer({
    config,
    errorBody: bcErrorBody,
    applies: (request) => request.url.includes('/api/'),
    routes: (app) => {
      registerTokenRoutes(app, {
        tenantId: config.tenantId,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        ttlSeconds: config.tokenTtlSeconds,
        tokens,
      });
      registerApiRoutes(app, {
        store,
        tokens,
        bucket,
        subscriptions,
        companyName: config.companyName,
        serverPageSize: config.serverPageSize,
      });
    },
  });
  if (config.traffic.autoStart) traffic.start();
  return {
    url: server.url,
    apiUrl: `${server.url}/api/v2.0/companies(${companyId})`,
    stockUrl: `${server.url}/api/${customStockApi}/companies(${companyId})/locationStocks`,
    tokenUrl: `${server.url}/${config.tenantId}/oauth2/v2.0/token`,
    scope: bcScope,
    tenantId: config.tenantId,
    companyId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    store,
    knobs,
    subscriptions,
    deliveries,
    bucket,
    tokens,
    traffic,
    close: async () => {
      traffic.stop();
      subscriptions.close();
      await deliveries.close();
      await server.close();
    },
  };
}
