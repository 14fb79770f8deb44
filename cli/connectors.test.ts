import { describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { ConfigError } from '../lib/errors';
import { MemoryCheckpointStore } from '../connectors/common/checkpoint';
import { captureStream, quietLogger } from '../test/doubles/testkit';
import { configuredSources, startConnectors } from './connectors';

describe('configuredSources', () => {
  it('names the vendors whose settings are in the environment, directly or as files', () => {
    expect(configuredSources({})).toEqual([]);
    expect(
      configuredSources({
        SHOPIFY_SHOP: 'demo.myshopify.com',
        HUBSPOT_ACCESS_TOKEN_FILE: '/run/secrets/hubspot',
        QBO_REALM_ID: '123',
      }),
    ).toEqual(['shopify', 'crm', 'accounting']);
  });
});

describe('startConnectors', () => {
  const options = {
    config: loadConfig({}),
    stream: captureStream(),
    logger: quietLogger(),
    checkpoints: () => new MemoryCheckpointStore(),
  };

  it('refuses an unknown source, naming the ones there are', async () => {
    await expect(startConnectors({ ...options, sources: ['shopify', 'nope'] })).rejects.toThrow(
      /nope: not a source; choose from shopify, erp, crm, accounting/,
    );
  });

  it("stops at a vendor's missing settings with every problem named", async () => {
    const failure = startConnectors({ ...options, sources: ['erp'], env: { BC_TENANT_ID: 't' } });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/BC_COMPANY_ID/);
  });
});
