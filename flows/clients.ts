import { createBcClient } from '../connectors/businesscentral/client';
import type { BusinessCentralConfig } from '../connectors/businesscentral/config';
import { createHubSpotClient } from '../connectors/hubspot/client';
import type { HubSpotConfig } from '../connectors/hubspot/config';
import type { QuickBooksConfig } from '../connectors/quickbooks/config';
import { TokenManager } from '../connectors/quickbooks/oauth';
import type { TokenStore } from '../connectors/quickbooks/token-store';
import { createQboWriter } from '../connectors/quickbooks/writes';
import { createShopifyClient } from '../connectors/shopify/client';
import type { ShopifyConfig } from '../connectors/shopify/config';
import { createShopifyPaymentsReader } from '../connectors/shopify/payments';
import type { Logger } from '../lib/logger';
import type { FlowClients } from './index';

/**
 * QuickBooks' refresh tokens rotate: the flows renew through the same token store as the
 * connector, and each renewal reads the latest token from it, so neither spends a stale one.
 */
export interface AccountingVendor {
  config: QuickBooksConfig;
  tokens: TokenStore;
}

/** How to reach each vendor the flows write to; a vendor left out gets no flow. */
export interface FlowVendors {
  erp?: BusinessCentralConfig;
  shopify?: ShopifyConfig;
  crm?: HubSpotConfig;
  accounting?: AccountingVendor;
}

/** A write whose answer was lost may have happened: the ledger retries the run, not the client. */
const WRITE_CALLS = { retries: 0, timeoutMs: 15_000 } as const;

/**
 * The flows' vendor clients from the vendors' connection settings. Writes are never retried
 * inside the client: a write whose answer was lost may have happened, so the run fails and the
 * ledger retries it, and the flow first re-reads the vendor by its key.
 */
export function flowClients(vendors: FlowVendors, logger: Logger): FlowClients {
  const clients: FlowClients = {};
  if (vendors.erp) {
    clients.erp = createBcClient({
      config: vendors.erp,
      logger: logger.child({ part: 'flows-erp' }),
      calls: WRITE_CALLS,
    });
  }
  if (vendors.shopify) {
    // Reads (levels, fulfillment orders, payouts) retry inside the client; the fulfilment write
    // itself asks for no retries (connectors/shopify/fulfillments.ts).
    const shopify = createShopifyClient({
      config: vendors.shopify,
      logger: logger.child({ part: 'flows-shopify' }),
      timeoutMs: WRITE_CALLS.timeoutMs,
    });
    clients.shopify = shopify;
    clients.payments = createShopifyPaymentsReader(shopify);
  }
  if (vendors.crm) {
    clients.crm = createHubSpotClient({
      config: vendors.crm,
      logger: logger.child({ part: 'flows-crm' }),
      timeoutMs: WRITE_CALLS.timeoutMs,
    });
  }
  if (vendors.accounting) {
    const { config, tokens: store } = vendors.accounting;
    const part = logger.child({ part: 'flows-accounting' });
    clients.accounting = createQboWriter({
      config,
      tokens: new TokenManager({ config, store, logger: part }),
      logger: part,
      calls: WRITE_CALLS,
    });
  }
  return clients;
}
