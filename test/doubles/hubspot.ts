import type { HubSpotSandbox } from '../../sandbox/hubspot';
import type { HubSpotConfig } from '../../connectors/hubspot/config';

/** Tests' config for a sandbox: its URL and secrets, its limits unless told otherwise. */
export function sandboxConfig(
  sb: HubSpotSandbox,
  overrides: Partial<HubSpotConfig> = {},
): HubSpotConfig {
  return {
    accessToken: sb.accessToken,
    clientSecret: sb.clientSecret,
    apiUrl: sb.url,
    rateLimit: { requests: 190, windowMs: 10_000 },
    searchPerSecond: 5,
    defaultCurrency: 'USD',
    ingressPort: 0,
    host: '127.0.0.1',
    ...overrides,
  };
}
