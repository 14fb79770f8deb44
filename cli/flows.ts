import { loadBusinessCentralConfig } from '../connectors/businesscentral';
import type { BusinessCentralConfig } from '../connectors/businesscentral/config';
import type { Config } from '../lib/config';
import type { Logger } from '../lib/logger';
import { flowClients } from '../flows/clients';
import { startFlows, type RunningFlows } from '../flows/index';
import { flowSettings } from '../flows/settings';
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
  /** The demo's ERP sandbox; otherwise the ERP comes from BC_* in the environment. */
  erp?: BusinessCentralConfig;
}): Promise<RunningFlows> {
  const { config, logger } = options;
  const erp =
    options.erp ?? (configuredSources().includes('erp') ? loadBusinessCentralConfig() : undefined);
  return startFlows({
    stream: options.stream,
    orm: options.orm,
    namespace: config.TOPIC_NAMESPACE,
    logger: logger.child({ part: 'flows' }),
    clients: flowClients({ ...(erp ? { erp } : {}), logger }),
    settings: flowSettings(config),
  });
}
