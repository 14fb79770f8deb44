import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot';
import { sandboxConfig } from '../../test/doubles/hubspot';
import { quietLogger } from '../../test/doubles/testkit';
import { createHubSpotClient, type HubSpotClient } from './client';
import { HubSpotApiError } from './errors';

// The write calls through the official client against the sandbox: custom properties made once,
// contacts upserted by email in batches of 100, and HubSpot's refusal of an unknown property.
let sb: HubSpotSandbox;
let client: HubSpotClient;
beforeAll(async () => {
  sb = await startHubSpotSandbox({
    port: 0,
    contacts: 150,
    companies: 2,
    deals: 2,
    rateLimit: { requests: 10_000, windowSeconds: 10 },
  });
  client = createHubSpotClient({
    config: sandboxConfig(sb, { rateLimit: { requests: 10_000, windowMs: 10_000 } }),
    logger: quietLogger(),
    retries: 0,
  });
});
afterAll(async () => sb.close());

const ltv = {
  name: 'plexus_test_value',
  label: 'Test value',
  type: 'number' as const,
  fieldType: 'number' as const,
  groupName: 'contactinformation',
  description: 'test',
};

describe('HubSpot client: writes', () => {
  it('creates a property once; creating it again is no error and no second property', async () => {
    expect(await client.propertyNames('contacts')).not.toContain(ltv.name);
    await client.createProperty('contacts', ltv);
    await client.createProperty('contacts', ltv);
    expect(await client.propertyNames('contacts')).toContain(ltv.name);
    expect(sb.stats.propertiesCreated).toBe(1);
  });

  it('upserts 150 contacts by email in two requests', async () => {
    const contacts = sb.store.live('contacts');
    const before = sb.stats.batchUpserts;
    const ids = await client.upsertContactsByEmail(
      contacts.map((c, i) => ({
        email: String(c.properties.email),
        properties: { [ltv.name]: String(i) },
      })),
    );
    expect(sb.stats.batchUpserts - before).toBe(2);
    expect(ids.sort()).toEqual(contacts.map((c) => c.id).sort());
    expect(contacts.map((c) => c.properties[ltv.name])).toEqual(contacts.map((_, i) => String(i)));
  });

  it('fails with HTTP 400 when a property does not exist', async () => {
    const [contact] = sb.store.live('contacts');
    const failure = client.upsertContactsByEmail([
      { email: String(contact?.properties.email), properties: { plexus_missing: '1' } },
    ]);
    await expect(failure).rejects.toBeInstanceOf(HubSpotApiError);
    await expect(failure).rejects.toMatchObject({ status: 400, retriable: false });
  });
});
