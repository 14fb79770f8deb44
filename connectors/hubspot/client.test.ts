import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot';
import { sandboxConfig } from '../../test/doubles/hubspot';
import { quietLogger } from '../../test/doubles/testkit';
import { createHubSpotClient, type HubSpotClient } from './client';

// Association reads against the sandbox, counted where they arrive: the sandbox's own stats.
let sb: HubSpotSandbox;
let client: HubSpotClient;
beforeAll(async () => {
  sb = await startHubSpotSandbox({
    port: 0,
    contacts: 2500,
    companies: 600,
    deals: 5,
    rateLimit: { requests: 10_000, windowSeconds: 10 },
  });
  client = createHubSpotClient({
    config: sandboxConfig(sb, { rateLimit: { requests: 10_000, windowMs: 10_000 } }),
    logger: quietLogger(),
  });
});
afterAll(async () => {
  await sb.close();
});

describe('HubSpot client: v4 batch associations', () => {
  it('reads 2500 objects in ceil(2500 / 1000) requests, none per object', async () => {
    const contacts = sb.store.live('contacts').map((c) => c.id);
    expect(contacts).toHaveLength(2500);
    const before = { ...sb.stats };
    const read = await client.associations('contacts', contacts, 'companies');
    expect(sb.stats.associationBatchReads - before.associationBatchReads).toBe(3);
    expect(sb.stats.associationReads).toBe(before.associationReads);
    expect(read.size).toBe(2500);
    for (const id of contacts) {
      expect(read.get(id)).toEqual(sb.store.associated('contacts', id, 'companies'));
    }
    expect([...read.values()].some((ids) => ids.length === 0)).toBe(true);
    expect([...read.values()].some((ids) => ids.length > 0)).toBe(true);
  });

  it('follows an object past one page of associations with its cursor', async () => {
    const [contact] = sb.store.live('contacts');
    if (!contact) throw new Error('no contact');
    for (const company of sb.store.live('companies')) {
      sb.store.associate('contacts', contact.id, 'companies', company.id);
    }
    const before = sb.stats.associationBatchReads;
    const read = await client.associations('contacts', [contact.id], 'companies');
    expect(read.get(contact.id)).toHaveLength(600);
    expect(read.get(contact.id)).toEqual(sb.store.associated('contacts', contact.id, 'companies'));
    expect(sb.stats.associationBatchReads - before).toBe(2);
  });
});
