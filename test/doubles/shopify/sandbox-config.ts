import { createServer } from 'node:net';
import { loadShopifyConfig, type ShopifyConfig } from '../../../connectors/shopify/config';
import type { ShopifySandbox } from '../../../sandbox/shopify';

export const SANDBOX_WEBHOOK_SECRET = 'connector-test-webhook-secret';

/** A port free right now: the ingress must know its address before it listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The connector's config for a sandbox (started with SANDBOX_WEBHOOK_SECRET). `apiUrl` replaces
 * the sandbox's URL (a proxy in front of it); `env` adds or overrides variables.
 */
export function sandboxConfig(
  sb: ShopifySandbox,
  env: Record<string, string> = {},
  apiUrl = sb.url,
): ShopifyConfig {
  return loadShopifyConfig({
    SHOPIFY_SHOP: sb.shopDomain,
    SHOPIFY_ACCESS_TOKEN: sb.accessToken,
    SHOPIFY_WEBHOOK_SECRET: SANDBOX_WEBHOOK_SECRET,
    SHOPIFY_API_VERSION: sb.apiVersion,
    SHOPIFY_API_URL: apiUrl,
    INGRESS_PORT: '0',
    ...env,
  });
}
