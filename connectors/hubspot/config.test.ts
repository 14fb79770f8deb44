import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors';
import { loadHubSpotConfig, SECRET_NAMES } from './config';

const base = { HUBSPOT_ACCESS_TOKEN: 'pat-na1-abc', HUBSPOT_CLIENT_SECRET: 'app-secret' };

describe('loadHubSpotConfig', () => {
  it('reads the secrets and applies HubSpot defaults', () => {
    const config = loadHubSpotConfig({ ...base, HUBSPOT_API_URL: 'http://127.0.0.1:4303/' });
    expect(config).toMatchObject({
      accessToken: 'pat-na1-abc',
      clientSecret: 'app-secret',
      apiUrl: 'http://127.0.0.1:4303',
      rateLimit: { requests: 190, windowMs: 10_000 },
      searchPerSecond: 5,
      defaultCurrency: 'USD',
      ingressPort: 4010,
    });
    expect(config.webhookUrl).toBeUndefined();
  });

  it('reads secrets from NAME_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubspot-config-'));
    for (const name of SECRET_NAMES) writeFileSync(join(dir, name), `${name.toLowerCase()}\n`);
    const config = loadHubSpotConfig({
      HUBSPOT_ACCESS_TOKEN_FILE: join(dir, 'HUBSPOT_ACCESS_TOKEN'),
      HUBSPOT_CLIENT_SECRET_FILE: join(dir, 'HUBSPOT_CLIENT_SECRET'),
    });
    expect(config.accessToken).toBe('hubspot_access_token');
    expect(config.clientSecret).toBe('hubspot_client_secret');
  });

  it('names every bad key at once and never echoes a secret', () => {
    let error: unknown;
    try {
      loadHubSpotConfig({
        HUBSPOT_CLIENT_SECRET: 'do-not-print-me',
        HUBSPOT_API_URL: 'not a url',
        HUBSPOT_RATE_LIMIT: '0',
        HUBSPOT_DEFAULT_CURRENCY: 'dollars',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of [
      'HUBSPOT_ACCESS_TOKEN',
      'HUBSPOT_API_URL',
      'HUBSPOT_RATE_LIMIT',
      'HUBSPOT_DEFAULT_CURRENCY',
    ]) {
      expect(problems).toContain(key);
    }
    expect((error as Error).message).not.toContain('do-not-print-me');
  });
});
