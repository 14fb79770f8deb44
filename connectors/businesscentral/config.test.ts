import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { loadBusinessCentralConfig, SECRET_NAMES } from './config';

const env = {
  BC_TENANT_ID: 'contoso-tenant',
  BC_COMPANY_ID: 'A1B2C3D4-0000-4000-A000-000000000001',
  BC_CLIENT_ID: 'app-client-id',
  BC_CLIENT_SECRET: 'entra-client-secret-value',
  BC_WEBHOOK_CLIENT_STATE: 'client-state-new-0001, client-state-old-0001',
};

describe('Business Central connector config', () => {
  it('parses the environment with the real service as default', () => {
    expect(loadBusinessCentralConfig(env)).toEqual({
      apiUrl: 'https://api.businesscentral.dynamics.com',
      tenantId: 'contoso-tenant',
      environment: 'production',
      companyId: 'a1b2c3d4-0000-4000-a000-000000000001',
      clientId: 'app-client-id',
      clientSecret: 'entra-client-secret-value',
      tokenUrl: 'https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/token',
      scope: 'https://api.businesscentral.dynamics.com/.default',
      stockApi: 'plexus/inventory/v1.0',
      currencyCode: 'USD',
      budget: { limit: 5_400, intervalMs: 300_000 },
      pageSize: 1_000,
      webhookSecret: ['client-state-new-0001', 'client-state-old-0001'],
      pollIntervalMs: 300_000,
      ingressPort: 4010,
      host: '127.0.0.1',
    });
    const sandbox = loadBusinessCentralConfig({
      ...env,
      BC_API_URL: 'http://127.0.0.1:4302/',
      BC_TOKEN_URL: 'http://127.0.0.1:4302/contoso-tenant/oauth2/v2.0/token',
      BC_NOTIFICATION_URL: 'https://hooks.example.com/',
      BC_REQUEST_BUDGET: '50',
      BC_REQUEST_WINDOW_SECONDS: '10',
      BC_SHIPMENT_API: 'plexus/shipping/v1.0',
    });
    expect(sandbox.apiUrl).toBe('http://127.0.0.1:4302');
    expect(sandbox.notificationUrl).toBe('https://hooks.example.com');
    expect(sandbox.budget).toEqual({ limit: 50, intervalMs: 10_000 });
    expect(sandbox.shipmentApi).toBe('plexus/shipping/v1.0');
  });

  it('reads the secrets from NAME_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-bc-'));
    writeFileSync(join(dir, 'secret'), 'secret-from-file\n');
    writeFileSync(join(dir, 'state'), 'client-state-from-file');
    const { BC_CLIENT_SECRET: _s, BC_WEBHOOK_CLIENT_STATE: _w, ...rest } = env;
    const config = loadBusinessCentralConfig({
      ...rest,
      BC_CLIENT_SECRET_FILE: join(dir, 'secret'),
      BC_WEBHOOK_CLIENT_STATE_FILE: join(dir, 'state'),
    });
    expect(config.clientSecret).toBe('secret-from-file');
    expect(config.webhookSecret).toEqual(['client-state-from-file']);
    expect(SECRET_NAMES).toEqual(['BC_CLIENT_SECRET', 'BC_WEBHOOK_CLIENT_STATE']);
  });

  it('names every bad key at once, without echoing a secret', () => {
    let error: unknown;
    try {
      loadBusinessCentralConfig({
        BC_COMPANY_ID: 'not-a-guid',
        BC_CLIENT_SECRET: 'entra-client-secret-value',
        BC_WEBHOOK_CLIENT_STATE: 'short',
        BC_PAGE_SIZE: '50000',
        BC_STOCK_API: 'locationStocks',
        BC_SHIPMENT_API: 'salesShipments',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of [
      'BC_TENANT_ID',
      'BC_COMPANY_ID',
      'BC_CLIENT_ID',
      'BC_WEBHOOK_CLIENT_STATE',
      'BC_PAGE_SIZE',
      'BC_STOCK_API',
      'BC_SHIPMENT_API',
    ]) {
      expect(problems).toContain(key);
    }
    expect(problems).not.toContain('short');
    expect(problems).not.toContain('entra-client-secret-value');
  });

  it('never shows a secret in a logged config', () => {
    const logger = createLogger('test', 'info');
    const lines: string[] = [];
    Reflect.set(logger, pino.symbols.streamSym, { write: (line: string) => lines.push(line) });
    logger.info({ config: loadBusinessCentralConfig(env) }, 'starting');
    const out = lines.join('');
    expect(out).toContain('contoso-tenant');
    expect(out).not.toContain('entra-client-secret-value');
    expect(out).not.toContain('client-state-new-0001');
    expect(out).not.toContain('client-state-old-0001');
  });
});
