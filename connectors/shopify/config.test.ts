import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { loadShopifyConfig } from './config';

const env = {
  SHOPIFY_SHOP: 'demo.myshopify.com',
  SHOPIFY_ACCESS_TOKEN: 'shpat_secret_token_value',
  SHOPIFY_WEBHOOK_SECRET: 'whsec-new, whsec-old',
};

describe('Shopify connector config', () => {
  it('parses the environment with defaults and two rotation secrets', () => {
    expect(loadShopifyConfig(env)).toEqual({
      shop: 'demo.myshopify.com',
      accessToken: 'shpat_secret_token_value',
      webhookSecret: ['whsec-new', 'whsec-old'],
      apiVersion: '2025-01',
      ingressPort: 4010,
      host: '127.0.0.1',
    });
    const sandbox = loadShopifyConfig({ ...env, SHOPIFY_API_URL: 'http://127.0.0.1:4301/' });
    expect(sandbox.apiUrl).toBe('http://127.0.0.1:4301');
  });

  it('takes the public webhook address, https only for real Shopify', () => {
    const real = { ...env, SHOPIFY_WEBHOOK_ADDRESS: 'https://hub.example.com/' };
    expect(loadShopifyConfig(real).webhookAddress).toBe('https://hub.example.com');
    expect(() =>
      loadShopifyConfig({ ...env, SHOPIFY_WEBHOOK_ADDRESS: 'http://hub.example.com' }),
    ).toThrow(/SHOPIFY_WEBHOOK_ADDRESS: Shopify delivers webhooks only to https/);
    const sandbox = loadShopifyConfig({
      ...env,
      SHOPIFY_API_URL: 'http://127.0.0.1:4301',
      SHOPIFY_WEBHOOK_ADDRESS: 'http://127.0.0.1:4010',
    });
    expect(sandbox.webhookAddress).toBe('http://127.0.0.1:4010');
    expect(() => loadShopifyConfig({ ...env, SHOPIFY_WEBHOOK_ADDRESS: 'ftp://x.example' })).toThrow(
      /SHOPIFY_WEBHOOK_ADDRESS/,
    );
  });

  it('reads secrets from NAME_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-shopify-'));
    writeFileSync(join(dir, 'token'), 'from-file-token\n');
    writeFileSync(join(dir, 'secret'), 'file-secret');
    const config = loadShopifyConfig({
      SHOPIFY_SHOP: 'demo.myshopify.com',
      SHOPIFY_ACCESS_TOKEN_FILE: join(dir, 'token'),
      SHOPIFY_WEBHOOK_SECRET_FILE: join(dir, 'secret'),
    });
    expect(config.accessToken).toBe('from-file-token');
    expect(config.webhookSecret).toEqual(['file-secret']);
  });

  it('names every bad key at once, without echoing a secret', () => {
    let error: unknown;
    try {
      loadShopifyConfig({
        SHOPIFY_SHOP: 'not a shop',
        SHOPIFY_WEBHOOK_SECRET: 'a,b,c',
        SHOPIFY_API_VERSION: 'latest',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of [
      'SHOPIFY_SHOP',
      'SHOPIFY_ACCESS_TOKEN',
      'SHOPIFY_WEBHOOK_SECRET',
      'SHOPIFY_API_VERSION',
    ]) {
      expect(problems).toContain(key);
    }
    expect(problems).not.toMatch(/\ba,b,c\b/);
  });

  it('never shows a secret in a logged config', () => {
    const logger = createLogger('test', 'info');
    const lines: string[] = [];
    // Swap pino's destination for a collector; the redaction under test stays lib/logger.ts's own.
    Reflect.set(logger, pino.symbols.streamSym, { write: (line: string) => lines.push(line) });
    logger.info({ config: loadShopifyConfig(env) }, 'starting');
    const out = lines.join('');
    expect(out).toContain('demo.myshopify.com');
    expect(out).not.toContain('shpat_secret_token_value');
    expect(out).not.toContain('whsec-new');
    expect(out).not.toContain('whsec-old');
  });
});
