import { loadBusinessCentralConfig } from '../connectors/businesscentral';
import { loadHubSpotConfig } from '../connectors/hubspot';
import { FileTokenStore, loadQuickBooksConfig } from '../connectors/quickbooks';
import { loadShopifyConfig } from '../connectors/shopify';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { flowClients, type FlowVendors } from '../flows/clients';
import { startFlows, type RunningFlows } from '../flows/index';
import { flowSettings, type FlowSettings } from '../flows/settings';
import type { Orm } from '../store/orm';
import type { Stream } from '../streams/stream';
import { configuredSources } from './connectors';

/**
 * The flows of a process (`plexus start`, `plexus flows`): each runs where its vendor is reachable,
 * the demo's sandboxes or the vendors configured in the environment.
 */
export async function startConfiguredFlows(options: {
  config: Config;
  stream: Stream;
  orm: Orm;
  logger: Logger;
  /** The demo's sandboxes; otherwise the ERP comes from BC_* in the environment. */
  vendors?: FlowVendors;
  /** money-to-books books orders from this moment on (the demo's: not its seeded history). */
  booksSince?: Date;
}): Promise<RunningFlows> {
  const { config, logger } = options;
  const vendors: FlowVendors = options.vendors ?? configuredVendors();
  return startFlows({
    stream: options.stream,
    orm: options.orm,
    namespace: config.TOPIC_NAMESPACE,
    logger: logger.child({ part: 'flows' }),
    clients: flowClients(vendors, logger),
    settings: withBooksSince(flowSettings(config), options.booksSince),
  });
}

const withBooksSince = (settings: FlowSettings, since: Date | undefined): FlowSettings =>
  since
    ? { ...settings, moneyToBooks: { ...settings.moneyToBooks, ordersSince: since } }
    : settings;

/**
 * Every vendor whose settings are in the environment, as the connectors read them. QuickBooks'
 * refresh token is shared with its connector through the token file (QBO_TOKEN_FILE), so each
 * renews with the token the other rotated last.
 */
export function configuredVendors(env: NodeJS.ProcessEnv = process.env): FlowVendors {
  const sources = configuredSources(env);
  const accounting = sources.includes('accounting') ? loadQuickBooksConfig(env) : undefined;
  return {
    ...(sources.includes('erp') ? { erp: loadBusinessCentralConfig(env) } : {}),
    ...(sources.includes('shopify') ? { shopify: loadShopifyConfig(env) } : {}),
    ...(sources.includes('crm') ? { crm: loadHubSpotConfig(env) } : {}),
    ...(accounting
      ? { accounting: { config: accounting, tokens: new FileTokenStore(accounting.tokenFile) } }
      : {}),
  };
}
