import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors';
import { loadQuickBooksConfig, SECRET_NAMES } from './config';

const env = {
  QBO_REALM_ID: '9341453051234567',
  QBO_CLIENT_ID: 'client',
  QBO_CLIENT_SECRET: 'client-secret-value',
  QBO_REFRESH_TOKEN: 'AB11-refresh-token-value',
  QBO_WEBHOOK_VERIFIER_TOKEN: 'verifier-token-value',
};

describe('QuickBooks connector config', () => {
  it('parses the environment with Intuit defaults', () => {
    expect(loadQuickBooksConfig(env)).toEqual({
      apiUrl: 'https://quickbooks.api.intuit.com',
      tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      realmId: '9341453051234567',
      clientId: 'client',
      clientSecret: 'client-secret-value',
      refreshToken: 'AB11-refresh-token-value',
      webhookSecret: 'verifier-token-value',
      minorVersion: 75,
      requestsPerMinute: 450,
      tokenFile: './data/quickbooks-token.json',
      homeCurrency: 'USD',
      pollIntervalMs: 60_000,
      ingressPort: 4010,
      host: '127.0.0.1',
    });
    expect(loadQuickBooksConfig({ ...env, QBO_API_URL: 'http://127.0.0.1:4304/' }).apiUrl).toBe(
      'http://127.0.0.1:4304',
    );
  });

  it('reads every secret from NAME_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-qbo-config-'));
    const files = Object.fromEntries(
      SECRET_NAMES.map((name) => {
        writeFileSync(join(dir, name), `${name}-from-file\n`);
        return [`${name}_FILE`, join(dir, name)];
      }),
    );
    const {
      QBO_CLIENT_SECRET: _a,
      QBO_REFRESH_TOKEN: _b,
      QBO_WEBHOOK_VERIFIER_TOKEN: _c,
      ...rest
    } = env;
    const config = loadQuickBooksConfig({ ...rest, ...files });
    expect(config.clientSecret).toBe('QBO_CLIENT_SECRET-from-file');
    expect(config.refreshToken).toBe('QBO_REFRESH_TOKEN-from-file');
    expect(config.webhookSecret).toBe('QBO_WEBHOOK_VERIFIER_TOKEN-from-file');
  });

  it('names every bad key and never echoes a secret', () => {
    let error: unknown;
    try {
      loadQuickBooksConfig({
        ...env,
        QBO_REALM_ID: 'abc',
        QBO_MINOR_VERSION: '65',
        QBO_REQUESTS_PER_MINUTE: '900',
        QBO_CLIENT_SECRET: '',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const key of [
      'QBO_REALM_ID',
      'QBO_MINOR_VERSION',
      'QBO_REQUESTS_PER_MINUTE',
      'QBO_CLIENT_SECRET',
    ]) {
      expect(message).toContain(key);
    }
    expect(message).not.toContain('AB11-refresh-token-value');
    expect(message).not.toContain('verifier-token-value');
  });

  it('allows no refresh token (the token file may hold one)', () => {
    const { QBO_REFRESH_TOKEN: _omit, ...rest } = env;
    expect(loadQuickBooksConfig(rest).refreshToken).toBeUndefined();
  });
});
