import { createBcClient } from '../connectors/businesscentral/client';
import type { BusinessCentralConfig } from '../connectors/businesscentral/config';
import type { Logger } from '../lib/logger';
import type { FlowClients } from './index';

/**
 * The flows' vendor clients from the vendors' connection settings. Writes are never retried
 * inside the client: a write whose answer was lost may have happened, so the run fails and the
 * ledger retries it, and the flow first re-reads the vendor by its key.
 */
export function flowClients(options: { erp?: BusinessCentralConfig; logger: Logger }): FlowClients {
  const { logger } = options;
  return {
    ...(options.erp
      ? {
          erp: createBcClient({
            config: options.erp,
            logger: logger.child({ part: 'flows-erp' }),
            calls: { retries: 0, timeoutMs: 15_000 },
          }),
        }
      : {}),
  };
}
