import type { Knobs } from '../toolkit/knobs';
import { parseOptions } from '../toolkit/options';
import { LeakyBucket, perWindow } from '../toolkit/rate-limit';
import { AccessTokens } from '../toolkit/tokens';
import type { TrafficGenerator } from '../toolkit/traffic';
import { WebhookDeliverer } from '../toolkit/webhooks';
import { startVendorServer } from '../toolkit/vendor-server';
import { registerApiRoutes } from './api';
import { qboSandboxConfigSchema, type QboSandboxConfig } from './config';
import { qboErrorBody } from './errors';
import { RefreshTokens, registerOAuthRoutes } from './oauth';
import { seedStore } from './seed';
import { QboStore } from './store';
import { createQboTraffic } from './traffic';
import { registerWriteRoutes } from './writes';
import { intuitSignature, QboWebhooks } from './webhooks';

// The QuickBooks Online sandbox: a real HTTP server speaking the Accounting API v3 for one
// company (realm): query language, CDC, reads by id, rotating OAuth2 refresh tokens, webhooks.
export interface QboSandbox {
  /** Base URL, e.g. http://127.0.0.1:4304 */
  url: string;
  /** `${url}/v3/company/${realmId}` */
  companyUrl: string;
  tokenUrl: string;
  realmId: string;
  clientId: string;
  clientSecret: string;
  verifierToken: string;
  store: QboStore;
  knobs: Knobs;
  refreshTokens: RefreshTokens;
  tokens: AccessTokens;
  webhooks: QboWebhooks;
  deliveries: WebhookDeliverer;
  bucket: LeakyBucket;
  traffic: TrafficGenerator;
  close: () => Promise<void>;
}

export { qboSandboxConfigSchema, type QboSandboxConfig } from './config';
export { intuitSignature, type SubscribeOptions, type WebhookFormat } from './webhooks';

export async function startQuickBooksSandbox(input: QboSandboxConfig = {}): Promise<QboSandbox> {
  const config = parseOptions(qboSandboxConfigSchema, input, 'QuickBooks Online');
  const clock = config.clock ?? Date.now;
  const store = new QboStore(clock);
  seedStore(store, {
    seed: config.seed,
    customers: config.customers,
    items: config.items,
    invoices: config.invoices,
    historyDays: config.historyDays,
    now: config.now ?? clock(),
    currency: config.currency,
    people: config.people,
    catalog: config.catalog,
  });
  const deliveries = new WebhookDeliverer({
    knobs: config.webhooks,
    seed: config.seed,
    sign: (body) => ({ 'intuit-signature': intuitSignature(body, config.verifierToken) }),
  });
  const webhooks = new QboWebhooks(store, deliveries, {
    realmId: config.realmId,
    batchMs: config.webhookBatchMs,
    format: config.webhookFormat,
    source: `intuit.${config.clientId}`,
  });
  const oauth = {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    initialRefreshToken: config.refreshToken,
    accessTtlSeconds: config.accessTokenTtlSeconds,
    refreshTtlDays: config.refreshTokenTtlDays,
    realmId: config.realmId,
    clock,
  };
  const refreshTokens = new RefreshTokens(oauth);
  const tokens = new AccessTokens(clock, 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.');
  const bucket = new LeakyBucket({
    ...perWindow(config.rateLimit.requests, config.rateLimit.windowSeconds),
    clock,
  });
  const traffic = createQboTraffic(store, {
    ratePerSecond: config.traffic.ratePerSecond,
    seed: config.seed + 1,
    currency: config.currency,
  });
  const { server, knobs } = await startVendorServer({
    config,
    errorBody: qboErrorBody,
    applies: (request) => request.url.startsWith('/v3/'),
    routes: (app) => {
      registerOAuthRoutes(app, oauth, refreshTokens, tokens);
      registerApiRoutes(app, {
        store,
        tokens,
        bucket,
        realmId: config.realmId,
        minMinorVersion: config.minMinorVersion,
        cdcMaxObjects: config.cdcMaxObjects,
        cdcMaxDays: config.cdcMaxDays,
      });
      registerWriteRoutes(app, { store, customTxnNumbers: config.customTxnNumbers });
    },
  });
  if (config.traffic.autoStart) traffic.start();
  return {
    url: server.url,
    companyUrl: `${server.url}/v3/company/${config.realmId}`,
    tokenUrl: `${server.url}/oauth2/v1/tokens/bearer`,
    realmId: config.realmId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    verifierToken: config.verifierToken,
    store,
    knobs,
    refreshTokens,
    tokens,
    webhooks,
    deliveries,
    bucket,
    traffic,
    close: async () => {
      traffic.stop();
      webhooks.close();
      await deliveries.close();
      await server.close();
    },
  };
}
