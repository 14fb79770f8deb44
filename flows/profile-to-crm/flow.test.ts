// profile-to-crm against the HubSpot sandbox over HTTP and a SQLite store: writes go in batches of
// HubSpot's limit (100 inputs; the sandbox refuses more), and Plexus's properties are made once per
// process however many runs need them at once, and not again by a second process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient, type HubSpotClient } from '../../connectors/hubspot/client';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot';
import { CustomerIdentity } from '../../store/customer/customer-identity.entity';
import { recordId } from '../../store/ids';
import { closeORM, initORM, type Db } from '../../store/orm';
import { sandboxConfig } from '../../test/doubles/hubspot';
import { quietLogger } from '../../test/doubles/testkit';
import type { FlowContext } from '../flow';
import { FACT_PROPERTY_NAMES } from './facts';
import { createProfileToCrmFlow } from './flow';

const URL = 'sqlite://:memory:';
const logger = quietLogger();
let sb: HubSpotSandbox;
let db: Db;

beforeAll(async () => {
  sb = await startHubSpotSandbox({
    port: 0,
    contacts: 160,
    companies: 1,
    deals: 1,
    rateLimit: { requests: 10_000, windowSeconds: 10 },
  });
  db = await initORM(URL, { migrate: true });
});
afterAll(async () => {
  await closeORM(URL);
  await sb?.close();
});

/** The real client, counting the properties API calls the flow makes through it. */
function countingClient() {
  const client = createHubSpotClient({
    config: sandboxConfig(sb, { rateLimit: { requests: 10_000, windowMs: 10_000 } }),
    logger,
    retries: 0,
  });
  const calls = { propertyNames: 0, createProperty: 0 };
  const counted: HubSpotClient = Object.assign(Object.create(client) as HubSpotClient, {
    propertyNames: (...args: Parameters<HubSpotClient['propertyNames']>) => {
      calls.propertyNames += 1;
      return client.propertyNames(...args);
    },
    createProperty: (...args: Parameters<HubSpotClient['createProperty']>) => {
      calls.createProperty += 1;
      return client.createProperty(...args);
    },
  });
  return { client: counted, calls };
}

/** A person known to Shopify and to HubSpot as the given contacts; returns their identity id. */
async function person(name: string, contacts: { id: string; email: string }[]): Promise<string> {
  const em = db.orm.em.fork();
  const customerId = recordId('shopify', 'customer', name);
  const at = new Date('2026-01-01T00:00:00Z');
  const identity = (source: string, entity: string, sourceId: string, email: string | null) =>
    em.create(CustomerIdentity, {
      id: recordId(source, entity, sourceId),
      sourceId,
      version: at.getTime(),
      updatedAt: at,
      source,
      entity,
      customerId,
      email,
      emailNorm: email?.toLowerCase() ?? null,
      phone: null,
      phoneNorm: null,
      firstName: null,
      lastName: null,
      shopifyCustomerRef: null,
      addresses: null,
    });
  identity('shopify', 'customer', name, null);
  for (const c of contacts) identity('crm', 'contact', c.id, c.email);
  await em.flush();
  return customerId;
}

const context = (): FlowContext => ({
  em: db.orm.em.fork(),
  logger,
  previous: undefined,
  signal: new AbortController().signal,
});

const contactsOfSandbox = () =>
  sb.store.live('contacts').map((c) => ({ id: c.id, email: String(c.properties.email) }));

describe('profile → CRM against HubSpot', () => {
  it('creates the properties once for runs at once, and writes 150 contacts in 2 batches', async () => {
    const contacts = contactsOfSandbox();
    expect(contacts.length).toBe(160);
    const many = await person('many-contacts', contacts.slice(10));
    const one = await person('one', contacts.slice(0, 1));
    const other = await person('other', contacts.slice(1, 2));
    const { client, calls } = countingClient();
    const flow = createProfileToCrmFlow({ crm: client, shopCurrency: 'USD' });
    const before = { ...sb.stats };

    const outcomes = await Promise.all([one, other].map((key) => flow.sync(key, context())));
    expect(outcomes.map((o) => o.state)).toEqual(['done', 'done']);
    const outcome = await flow.sync(many, context());
    expect(outcome.state).toBe('done');

    // One look at the portal's properties and one create each, shared by every run.
    expect(calls).toEqual({ propertyNames: 1, createProperty: FACT_PROPERTY_NAMES.length });
    expect(sb.stats.propertiesCreated - before.propertiesCreated).toBe(FACT_PROPERTY_NAMES.length);
    // 150 contacts of one person: two upserts of at most 100 (the sandbox refuses 101).
    expect(sb.stats.batchUpserts - before.batchUpserts).toBe(2 + 2);
    expect(sb.stats.upsertedInputs - before.upsertedInputs).toBe(150 + 2);
    const written = new Set([...contacts.slice(10), ...contacts.slice(0, 2)].map((c) => c.id));
    for (const c of sb.store.live('contacts').filter((c) => written.has(c.id))) {
      expect(c.properties.plexus_order_count).toBe('0');
    }
  });

  it('makes no property again from another process, which finds them in the portal', async () => {
    const key = await person('later', contactsOfSandbox().slice(2, 3));
    const { client, calls } = countingClient();
    const flow = createProfileToCrmFlow({ crm: client, shopCurrency: 'USD' });
    const created = sb.stats.propertiesCreated;
    expect((await flow.sync(key, context())).state).toBe('done');
    expect(calls).toEqual({ propertyNames: 1, createProperty: 0 });
    expect(sb.stats.propertiesCreated).toBe(created);
  });
});
