import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { isSubgraphName, subgraphNames, type SubgraphName } from '../../schema/subgraphs/index';
import { closeORM, initORM } from '../../store/orm';
import { startSubgraph } from '../../subgraphs/server';
import { requireSubgraphSecret } from '../authenticator';
import { onShutdown } from '../shutdown';

export const subgraphPort = (config: Config, name: SubgraphName): number =>
  ({
    shopify: config.SUBGRAPH_SHOPIFY_PORT,
    erp: config.SUBGRAPH_ERP_PORT,
    crm: config.SUBGRAPH_CRM_PORT,
    accounting: config.SUBGRAPH_ACCOUNTING_PORT,
  })[name];

/** `plexus subgraph <name>`: one subgraph over HTTP, serving from the store. */
export async function subgraphCommand(config: Config, name: string): Promise<void> {
  if (!isSubgraphName(name)) {
    throw new ConfigError([`subgraph: "${name}" is not one of ${subgraphNames.join(', ')}`]);
  }
  const secret = requireSubgraphSecret(config);
  const logger = createLogger(`subgraph.${name}`, config.LOG_LEVEL);
  const db = await initORM(config.DATABASE_URL, { migrate: config.MIGRATE_ON_START });
  const server = await startSubgraph(name, {
    em: db.orm.em,
    host: config.HOST,
    port: subgraphPort(config, name),
    shopCurrency: config.SHOP_CURRENCY,
    secret,
    logger,
  });
  onShutdown(logger, async () => {
    await server.stop();
    await closeORM();
  });
}
