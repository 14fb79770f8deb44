import { describe, expect, it } from 'vitest';
import { startBusinessCentralSandbox } from './businesscentral/index';
import { startHubSpotSandbox } from './hubspot/index';
import { startQuickBooksSandbox } from './quickbooks/index';

// One person in three systems, with emails that differ only in case and whitespace: the seam
// the identity-resolution scenario builds on.
describe('people seeded verbatim in every sandbox', () => {
  it('keeps each email exactly as given', async () => {
    const person = { firstName: 'Mia', lastName: 'Okafor', phone: '+15551234567' };
    const small = { port: 0, seed: 3 };
    const bc = await startBusinessCentralSandbox({
      ...small,
      customers: 2,
      salesOrders: 0,
      people: [{ ...person, email: 'Mia.Okafor@Example.com' }],
    });
    const hub = await startHubSpotSandbox({
      ...small,
      contacts: 2,
      people: [{ ...person, email: ' mia.okafor@example.com' }],
    });
    const qbo = await startQuickBooksSandbox({
      ...small,
      customers: 2,
      invoices: 0,
      people: [{ ...person, email: 'MIA.OKAFOR@EXAMPLE.COM ' }],
    });
    try {
      expect(bc.store.list('customers').map((c) => c.email)).toContain('Mia.Okafor@Example.com');
      expect(hub.store.live('contacts').map((c) => c.properties.email)).toContain(
        ' mia.okafor@example.com',
      );
      expect(qbo.store.list('Customer').map((c) => c.PrimaryEmailAddr?.Address)).toContain(
        'MIA.OKAFOR@EXAMPLE.COM ',
      );
    } finally {
      await Promise.all([bc.close(), hub.close(), qbo.close()]);
    }
  });
});
