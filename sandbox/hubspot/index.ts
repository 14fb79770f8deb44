import type { Knobs } from '../toolkit/knobs';
import { parseOptions } from '../toolkit/options';
import type { TrafficGenerator } from '../toolkit/traffic';
import { WebhookDeliverer } from '../toolkit/webhooks';
import { startVendorServer } from '../toolkit/vendor-server';
import { registerApiRoutes, type ApiStats } from './api';
import { hubspotSandboxConfigSchema, type HubSpotSandboxConfig } from './config';
import { hubErrorBody } from './errors';
import { HubLimits } from './limits';
import { PropertyRegistry } from './properties';
import { seedStore } from './seed';
import { HubStore } from './store';
import { createHubTraffic } from './traffic';
import { hubSigner, HubWebhooks } from './webhooks';
import { registerWriteRoutes, type WriteStats } from './writes';

// The HubSpot sandbox: a real HTTP server speaking CRM v3 (objects, search, batch) and v4
// associations (per object and batch) for one portal, with a private-app token, HubSpot's limits and signed webhooks.
export interface HubSpotSandbox {
  /** Base URL (the client's `basePath`), e.g. http://127.0.0.1:4303 */
  url: string;
  portalId: number;
  accessToken: string;
  clientSecret: string;
  store: HubStore;
  knobs: Knobs;
  /** App webhook subscriptions; `subscribeAll(url)` for tests and `plexus start`. */
  webhooks: HubWebhooks;
  deliveries: WebhookDeliverer;
  limits: HubLimits;
  /** Requests the API answered, counted server-side. */
  stats: ApiStats & WriteStats;
  /** Property definitions: HubSpot's and those created over the properties API. */
  properties: PropertyRegistry;
  traffic: TrafficGenerator;
  close: () => Promise<void>;
}

export { hubspotSandboxConfigSchema, type HubSpotSandboxConfig } from './config';
export { signatureV3 } from './webhooks';

export async function startHubSpotSandbox(
  input: HubSpotSandboxConfig = {},
): Promise<HubSpotSandbox> {
  const config = parseOptions(hubspotSandboxConfigSchema, input, 'HubSpot');
  const clock = config.clock ?? Date.now;
  const store = new HubStore(clock);
  seedStore(store, {
    seed: config.seed,
    contacts: config.contacts,
    companies: config.companies,
    deals: config.deals,
    historyDays: config.historyDays,
    now: config.now ?? clock(),
    people: config.people,
  });
  const deliveries = new WebhookDeliverer({
    knobs: { maxAttempts: 10, ...config.webhooks },
    seed: config.seed,
    sign: hubSigner(config.clientSecret, config.webhookTimestampSkewMs),
    // HubSpot retries connection failures, timeouts, 429 and 5xx; other 4xx are final.
    retryable: (status) => status === 'error' || status === 429 || status >= 500,
  });
  const webhooks = new HubWebhooks(store, deliveries, {
    portalId: config.portalId,
    appId: config.appId,
    batchMs: config.webhookBatchMs,
  });
  const limits = new HubLimits({
    accessToken: config.accessToken,
    requests: config.rateLimit.requests,
    windowSeconds: config.rateLimit.windowSeconds,
    daily: config.rateLimit.daily,
    searchPerSecond: config.searchRequestsPerSecond,
    clock,
  });
  const traffic = createHubTraffic(store, {
    ratePerSecond: config.traffic.ratePerSecond,
    seed: config.seed + 1,
  });
  const stats: ApiStats & WriteStats = {
    associationReads: 0,
    associationBatchReads: 0,
    batchUpserts: 0,
    upsertedInputs: 0,
    propertiesCreated: 0,
  };
  const properties = new PropertyRegistry(new Date(config.now ?? clock()).toISOString());
  const { server, knobs } = await startVendorServer({
    config,
    errorBody: hubErrorBody,
    applies: (request) => request.url.startsWith('/crm/'),
    routes: (app) => {
      registerApiRoutes(app, { store, limits, stats, searchResultCap: config.searchResultCap });
      registerWriteRoutes(app, { store, properties, stats });
    },
  });
  if (config.traffic.autoStart) traffic.start();
  return {
    url: server.url,
    portalId: config.portalId,
    accessToken: config.accessToken,
    clientSecret: config.clientSecret,
    store,
    knobs,
    webhooks,
    deliveries,
    limits,
    stats,
    properties,
    traffic,
    close: async () => {
      traffic.stop();
      webhooks.close();
      await deliveries.close();
      await server.close();
    },
  };
}
