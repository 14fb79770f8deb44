import { randomBytes } from 'node:crypto';
import { MemoryCheckpointStore } from '../connectors/common/checkpoint';
import { createIngress, type Ingress } from '../connectors/common/ingress';
import {
  loadBusinessCentralConfig,
  startBusinessCentralConnector,
} from '../connectors/businesscentral';
import type { BusinessCentralConfig } from '../connectors/businesscentral/config';
import {
  loadHubSpotConfig,
  startHubSpotConnector,
  WEBHOOK_PATH as HUBSPOT_WEBHOOK_PATH,
} from '../connectors/hubspot';
import {
  loadQuickBooksConfig,
  MemoryTokenStore,
  startQuickBooksConnector,
  WEBHOOK_PATH as QUICKBOOKS_WEBHOOK_PATH,
} from '../connectors/quickbooks';
import {
  loadShopifyConfig,
  startShopifyConnector,
  WEBHOOK_PATH as SHOPIFY_WEBHOOK_PATH,
} from '../connectors/shopify';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { customShippingApi, startBusinessCentralSandbox } from '../sandbox/businesscentral';
import { startHubSpotSandbox } from '../sandbox/hubspot';
import { startQuickBooksSandbox } from '../sandbox/quickbooks';
import { startShopifySandbox } from '../sandbox/shopify';
import type { ComplianceRequest } from '../sandbox/shopify/model';
import type { Person } from '../sandbox/toolkit/people';
import type { Stream } from '../streams/stream';
import { follow, inBackground, type RunningConnector } from './connectors';
import type { AccountingVendor, FlowVendors } from '../flows/clients';
import type { HubSpotConfig } from '../connectors/hubspot/config';
import { demoPeople } from './demo-people';

/**
 * The demo's source systems: each vendor's sandbox on its port (4301–4304), and the real
 * connector for it, talking to the sandbox over HTTP exactly as it would to the vendor, its
 * webhooks arriving on the one ingress (4010). The sandboxes' traffic generators keep changes
 * flowing. Secrets are made fresh for each run, so none is ever written down.
 *
 * Checkpoints are kept in memory: the sandboxes are re-seeded on every start, so each start
 * backfills again, and the projector's version gate turns what it already has into no-ops.
 */

export interface DemoSources {
  urls: Record<string, string>;
  /** How to reach each sandbox, for the flows that write to them. */
  vendors: FlowVendors;
  /** Settles once every backfill is done and live changes flow. */
  ready: Promise<void>;
  /**
   * Has the Shopify sandbox send a privacy webhook (`customers/data_request`, `customers/redact`,
   * `shop/redact`) to the ingress, signed, as Shopify sends them.
   */
  requestCompliance(request: ComplianceRequest, shopifyCustomerId?: number): void;
  stop(): Promise<void>;
}

export interface DemoSourcesOptions {
  config: Config;
  stream: Stream;
  logger: Logger;
}

/** One vendor of the demo once its sandbox and connector run. */
interface DemoSource {
  name: string;
  url: string;
  /** Backfills, then turns on polling, webhooks and the sandbox's traffic. */
  start(ingressUrl: string): Promise<void>;
  stop(): Promise<void>;
}

interface SourceContext extends DemoSourcesOptions {
  ingress: Ingress;
  traffic: { ratePerSecond: number; autoStart: false };
  checkpoints: MemoryCheckpointStore;
}

interface CatalogItem {
  sku: string;
  name: string;
  price: number;
}

const secret = () => randomBytes(24).toString('base64url');

interface SandboxHandle {
  traffic: { start(): void; stop(): void };
  close(): Promise<void>;
}

/**
 * A running sandbox and the connector for it as one demo source. The sandbox is closed if its
 * connector cannot start. `subscribe` points the sandbox's webhooks at the ingress, for vendors
 * whose subscriptions are made outside the API (an app's settings).
 */
async function pair(
  name: string,
  url: string,
  sandbox: SandboxHandle,
  connect: () => Promise<RunningConnector>,
  subscribe?: (ingressUrl: string) => void,
): Promise<DemoSource> {
  let connector: RunningConnector;
  try {
    connector = await connect();
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return {
    name,
    url,
    async start(ingressUrl) {
      subscribe?.(ingressUrl);
      await follow(connector);
      sandbox.traffic.start();
    },
    async stop() {
      sandbox.traffic.stop();
      await connector.stop();
      await sandbox.close();
    },
  };
}

/** What every demo connector shares: the stream, the ingress, in-memory checkpoints. */
const connectorOptions = (ctx: SourceContext, part: string) => ({
  stream: ctx.stream,
  namespace: ctx.config.TOPIC_NAMESPACE,
  logger: ctx.logger.child({ part }),
  checkpoints: ctx.checkpoints,
  ingress: ctx.ingress,
});

async function shopifySource(ctx: SourceContext) {
  const { config } = ctx;
  const webhookSecret = secret();
  const sandbox = await startShopifySandbox({
    host: config.HOST,
    port: config.SANDBOX_SHOPIFY_PORT,
    seed: config.DEMO_SEED,
    webhookSecret,
    accessToken: `shpat_${secret()}`,
    // Shopify Plus limits, so the demo's backfill takes seconds rather than a minute.
    restoreRate: 1000,
    // A Shopify Payments payout a minute (Shopify's is daily), for money-to-books to deposit.
    payments: { payoutIntervalMs: 60_000 },
    traffic: ctx.traffic,
  });
  const shopConfig = loadShopifyConfig({
    SHOPIFY_SHOP: sandbox.shopDomain,
    SHOPIFY_ACCESS_TOKEN: sandbox.accessToken,
    SHOPIFY_WEBHOOK_SECRET: webhookSecret,
    SHOPIFY_API_VERSION: sandbox.apiVersion,
    SHOPIFY_API_URL: sandbox.url,
    HOST: config.HOST,
  });
  const source = await pair(
    'shopify',
    sandbox.graphqlUrl,
    sandbox,
    () => startShopifyConnector({ config: shopConfig, ...connectorOptions(ctx, 'shopify') }),
    (ingressUrl) => sandbox.webhooks.subscribeAll(`${ingressUrl}${SHOPIFY_WEBHOOK_PATH}`),
  );
  const { store } = sandbox;
  return {
    source,
    config: shopConfig,
    requestCompliance: (request: ComplianceRequest, customerId?: number) =>
      store.requestCompliance(request, customerId),
    customers: [...store.customers.values()],
    // What the ERP stocks: the shop's variants by SKU, in the shop's warehouses.
    catalog: [...store.variants.values()].map((v) => ({
      sku: v.sku,
      name: `${store.products.get(v.productId)?.title ?? 'Product'} - ${v.title}`,
      price: Number(v.price),
    })),
    warehouses: [...store.locations.values()].map((l) => l.name),
  };
}

async function businessCentralSource(
  ctx: SourceContext,
  shop: { people: Person[]; catalog: CatalogItem[]; warehouses: string[] },
): Promise<{ source: DemoSource; config: BusinessCentralConfig }> {
  const { config } = ctx;
  const sandbox = await startBusinessCentralSandbox({
    host: config.HOST,
    port: config.SANDBOX_ERP_PORT,
    seed: config.DEMO_SEED,
    clientSecret: secret(),
    people: shop.people,
    catalog: shop.catalog,
    warehouses: shop.warehouses,
    // Trade accounts the ERP holds beyond the shop's customers.
    customers: 20,
    traffic: ctx.traffic,
  });
  const erpConfig = loadBusinessCentralConfig({
    BC_API_URL: sandbox.url,
    BC_TOKEN_URL: sandbox.tokenUrl,
    BC_TENANT_ID: sandbox.tenantId,
    BC_COMPANY_ID: sandbox.companyId,
    BC_CLIENT_ID: sandbox.clientId,
    BC_CLIENT_SECRET: sandbox.clientSecret,
    BC_WEBHOOK_CLIENT_STATE: secret(),
    // The sandbox serves a custom shipment page with tracking, as deployments that pass it on add.
    BC_SHIPMENT_API: customShippingApi,
    HOST: config.HOST,
  });
  // The connector makes its own webhook subscriptions, as it does against Business Central.
  const source = await pair('erp', sandbox.url, sandbox, () =>
    startBusinessCentralConnector({ config: erpConfig, ...connectorOptions(ctx, 'erp') }),
  );
  return { source, config: erpConfig };
}

async function hubspotSource(
  ctx: SourceContext,
  people: Person[],
): Promise<{ source: DemoSource; config: HubSpotConfig }> {
  const { config } = ctx;
  const sandbox = await startHubSpotSandbox({
    host: config.HOST,
    port: config.SANDBOX_CRM_PORT,
    seed: config.DEMO_SEED,
    accessToken: `pat-na1-${secret()}`,
    clientSecret: secret(),
    people,
    // The demo's marketing contacts beyond the shop's customers.
    contacts: 40,
    traffic: ctx.traffic,
  });
  const crmConfig = loadHubSpotConfig({
    HUBSPOT_ACCESS_TOKEN: sandbox.accessToken,
    HUBSPOT_CLIENT_SECRET: sandbox.clientSecret,
    HUBSPOT_API_URL: sandbox.url,
    HOST: config.HOST,
  });
  const source = await pair(
    'crm',
    sandbox.url,
    sandbox,
    () => startHubSpotConnector({ config: crmConfig, ...connectorOptions(ctx, 'crm') }),
    (ingressUrl) => sandbox.webhooks.subscribeAll(`${ingressUrl}${HUBSPOT_WEBHOOK_PATH}`),
  );
  return { source, config: crmConfig };
}

async function quickbooksSource(
  ctx: SourceContext,
  people: Person[],
  catalog: CatalogItem[],
): Promise<{ source: DemoSource; accounting: AccountingVendor }> {
  const { config } = ctx;
  const refreshToken = `AB11-${secret()}`;
  const sandbox = await startQuickBooksSandbox({
    host: config.HOST,
    port: config.SANDBOX_ACCOUNTING_PORT,
    seed: config.DEMO_SEED,
    clientSecret: secret(),
    refreshToken,
    verifierToken: secret(),
    people,
    // The shop's variants as items by SKU: what money-to-books' receipt lines name.
    catalog,
    // Customers who pay by invoice but never bought online.
    customers: 20,
    traffic: ctx.traffic,
  });
  const accounting: AccountingVendor = {
    config: loadQuickBooksConfig({
      QBO_API_URL: sandbox.url,
      QBO_TOKEN_URL: sandbox.tokenUrl,
      QBO_REALM_ID: sandbox.realmId,
      QBO_CLIENT_ID: sandbox.clientId,
      QBO_CLIENT_SECRET: sandbox.clientSecret,
      QBO_REFRESH_TOKEN: refreshToken,
      QBO_WEBHOOK_VERIFIER_TOKEN: sandbox.verifierToken,
      HOST: config.HOST,
    }),
    // The sandbox is new on every start, and so is its refresh token: nothing to keep. The
    // connector and the flows share the store, so each renews with the latest rotated token.
    tokens: new MemoryTokenStore(),
  };
  const source = await pair(
    'accounting',
    sandbox.url,
    sandbox,
    () =>
      startQuickBooksConnector({
        config: accounting.config,
        ...connectorOptions(ctx, 'accounting'),
        tokens: accounting.tokens,
      }),
    (ingressUrl) => sandbox.webhooks.subscribe(`${ingressUrl}${QUICKBOOKS_WEBHOOK_PATH}`),
  );
  return { source, accounting };
}

export async function startDemoSources(options: DemoSourcesOptions): Promise<DemoSources> {
  const { config, logger } = options;
  const ingress = createIngress({
    host: config.HOST,
    port: config.INGRESS_PORT,
    logger: logger.child({ part: 'ingress' }),
  });
  const ctx: SourceContext = {
    ...options,
    ingress,
    traffic: { ratePerSecond: config.DEMO_CHANGES_PER_SECOND, autoStart: false },
    checkpoints: new MemoryCheckpointStore(),
  };
  const sources: DemoSource[] = [];
  const stopAll = async () => {
    await ingress.close();
    for (const source of sources.splice(0).reverse()) await source.stop();
  };

  try {
    const shopify = await shopifySource(ctx);
    sources.push(shopify.source);
    const people = demoPeople(shopify.customers);
    const erp = await businessCentralSource(ctx, {
      people: people.erp,
      catalog: shopify.catalog,
      warehouses: shopify.warehouses,
    });
    sources.push(erp.source);
    const crm = await hubspotSource(ctx, people.crm);
    sources.push(crm.source);
    const books = await quickbooksSource(ctx, people.accounting, shopify.catalog);
    sources.push(books.source);
    const ingressUrl = await ingress.listen();

    let stopping = false;
    const { ready } = inBackground(
      Promise.all(sources.map((source) => source.start(ingressUrl))),
      logger,
      { done: 'demo sources backfilled; live changes are flowing', failed: 'demo backfill failed' },
      () => stopping,
    );

    return {
      urls: {
        ...Object.fromEntries(sources.map((source) => [source.name, source.url])),
        ingress: ingressUrl,
      },
      vendors: {
        shopify: shopify.config,
        erp: erp.config,
        crm: crm.config,
        accounting: books.accounting,
      },
      ready,
      requestCompliance: shopify.requestCompliance,
      async stop() {
        // Without waiting for the backfills: stopping the connectors ends them, and a shutdown
        // has a deadline however far they have got (they resume from checkpoints).
        stopping = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
