import { describe, expect, it } from 'vitest';
import { FileTokenStore } from '../connectors/quickbooks';
import { configuredVendors } from './flows';

describe('configuredVendors', () => {
  it('reaches every vendor configured in the environment, not only the ERP', () => {
    const vendors = configuredVendors({
      SHOPIFY_SHOP: 'demo.myshopify.com',
      SHOPIFY_ACCESS_TOKEN: 'shpat_x',
      SHOPIFY_WEBHOOK_SECRET: 'secret',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-x',
      HUBSPOT_CLIENT_SECRET: 'secret',
      QBO_REALM_ID: '123',
      QBO_CLIENT_ID: 'client',
      QBO_CLIENT_SECRET: 'secret',
      QBO_WEBHOOK_VERIFIER_TOKEN: 'verifier',
      QBO_TOKEN_FILE: '/var/lib/plexus/qbo.json',
    });
    expect(Object.keys(vendors).sort()).toEqual(['accounting', 'crm', 'shopify']);
    expect(vendors.shopify?.shop).toBe('demo.myshopify.com');
    // The connector's token file: the two share QuickBooks' rotating refresh token.
    expect(vendors.accounting?.tokens).toBeInstanceOf(FileTokenStore);
    expect((vendors.accounting?.tokens as FileTokenStore).path).toBe('/var/lib/plexus/qbo.json');
  });

  it('reaches none when none is configured', () => {
    expect(configuredVendors({})).toEqual({});
  });
});
