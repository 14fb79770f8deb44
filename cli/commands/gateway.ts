import type { Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { startGateway } from '../../gateway/server';
import { gatewaySettings } from '../../gateway/settings';
import { onShutdown } from '../shutdown';

/** `plexus gateway`: the federated graph over the four subgraphs' HTTP endpoints. */
export async function gatewayCommand(config: Config): Promise<void> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const gateway = await startGateway({
    ...gatewaySettings(config, false),
    host: config.HOST,
    port: config.GATEWAY_PORT,
    logger,
    subgraphs: {
      shopify: config.SUBGRAPH_SHOPIFY_URL,
      erp: config.SUBGRAPH_ERP_URL,
      crm: config.SUBGRAPH_CRM_URL,
      accounting: config.SUBGRAPH_ACCOUNTING_URL,
    },
  });
  onShutdown(logger, () => gateway.stop());
}
