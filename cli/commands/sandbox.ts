import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { startBusinessCentralSandbox } from '../../sandbox/businesscentral/index';
import { startHubSpotSandbox } from '../../sandbox/hubspot/index';
import { startQuickBooksSandbox } from '../../sandbox/quickbooks/index';
import { startShopifySandbox } from '../../sandbox/shopify/index';
import { onShutdown } from '../shutdown';

interface SandboxOptions {
  host: string;
  port?: number;
  seed: number;
}

/**
 * The vendor stand-ins. Their credentials are the sandbox's own fixed test values (see
 * sandbox/README.md), never a real vendor's: nothing here can reach the vendors.
 */
const sandboxes: Record<
  string,
  (
    options: SandboxOptions,
  ) => Promise<{ url: string; close(): Promise<void>; served?: { description: string } }>
> = {
  shopify: (o) => startShopifySandbox({ ...o, port: o.port ?? 4301 }),
  erp: (o) => startBusinessCentralSandbox({ ...o, port: o.port ?? 4302 }),
  crm: (o) => startHubSpotSandbox({ ...o, port: o.port ?? 4303 }),
  accounting: (o) => startQuickBooksSandbox({ ...o, port: o.port ?? 4304 }),
};

/** `plexus sandbox <shopify|erp|crm|accounting>`: one vendor's API stand-in over HTTP. */
export async function sandboxCommand(config: Config, vendor: string, port?: string): Promise<void> {
  const start = sandboxes[vendor];
  if (!start) {
    throw new ConfigError([
      `sandbox: "${vendor}" is not one of ${Object.keys(sandboxes).join(', ')}`,
    ]);
  }
  const parsedPort = port === undefined ? undefined : Number(port);
  if (
    parsedPort !== undefined &&
    !(Number.isInteger(parsedPort) && parsedPort >= 0 && parsedPort < 65_536)
  ) {
    throw new ConfigError([`--port: "${port}" is not a port number`]);
  }
  const logger = createLogger(`sandbox.${vendor}`, config.LOG_LEVEL);
  const sandbox = await start({ host: config.HOST, port: parsedPort, seed: config.DEMO_SEED });
  logger.info({ url: sandbox.url }, `${vendor} sandbox listening`);
  // Which API the stand-in speaks (the Shopify one serves Shopify's whole schema or its subset).
  if (sandbox.served) logger.info(`${vendor} sandbox serves ${sandbox.served.description}`);
  onShutdown(logger, () => sandbox.close());
}
