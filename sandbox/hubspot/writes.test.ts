import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../toolkit/testing';
import { startHubSpotSandbox, type HubSpotSandbox } from './index';
import { hs, type Obj } from './testing';

// Custom properties and batch upsert by email over HTTP, with HubSpot's refusals.
let sb: HubSpotSandbox;
beforeAll(async () => {
  sb = await startHubSpotSandbox({ port: 0, contacts: 20, companies: 2, deals: 2, seed: 5 });
});
afterAll(async () => sb.close());

const property = {
  name: 'plexus_order_count',
  label: 'Orders (Plexus)',
  type: 'number',
  fieldType: 'number',
  groupName: 'contactinformation',
};

describe('HubSpot sandbox: properties API', () => {
  it('creates a custom property once, lists and reads it; a second create is a 409', async () => {
    const created = await hs(sb, '/crm/v3/properties/contacts', { body: property });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...property, archived: false });
    const again = await hs(sb, '/crm/v3/properties/contacts', { body: property });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 'error', category: 'OBJECT_ALREADY_EXISTS' });
    const list = await hs(sb, '/crm/v3/properties/contacts');
    const names = (list.body.results as { name: string }[]).map((p) => p.name);
    expect(names).toContain('plexus_order_count');
    expect(names).toContain('email');
    const one = await hs(sb, '/crm/v3/properties/contacts/plexus_order_count');
    expect(one.body).toMatchObject({ name: 'plexus_order_count', type: 'number' });
    const none = await hs(sb, '/crm/v3/properties/contacts/plexus_nothing');
    expect(none.status).toBe(404);
  });

  it('refuses a bad name, type or group', async () => {
    for (const body of [
      { ...property, name: 'Bad Name' },
      { ...property, name: 'plexus_x', type: 'money' },
      { ...property, name: 'plexus_y', groupName: 'nowhere' },
    ]) {
      const answer = await hs(sb, '/crm/v3/properties/contacts', { body });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    }
  });
});

describe('HubSpot sandbox: batch upsert by email', () => {
  it('updates the contact whose email matches in any case, creates one for a new email', async () => {
    const receiver = await startReceiver();
    sb.webhooks.subscribe({
      subscriptionType: 'contact.propertyChange',
      propertyName: 'plexus_order_count',
      targetUrl: receiver.url,
    });
    try {
      const contact = sb.store.live('contacts')[0];
      if (!contact) throw new Error('no contact');
      const email = ` ${String(contact.properties.email).toUpperCase()} `;
      const before = sb.stats.batchUpserts;
      const answer = await hs(sb, '/crm/v3/objects/contacts/batch/upsert', {
        body: {
          inputs: [
            { idProperty: 'email', id: email, properties: { plexus_order_count: '3' } },
            {
              idProperty: 'email',
              id: 'new.person@example.com',
              properties: { plexus_order_count: '1' },
            },
          ],
        },
      });
      expect(answer.status).toBe(200);
      const results = answer.body.results as (Obj & { new: boolean })[];
      expect(results.map((r) => [r.id === contact.id, r.new])).toEqual([
        [true, false],
        [false, true],
      ]);
      expect(contact.properties.plexus_order_count).toBe('3');
      expect(sb.stats.batchUpserts).toBe(before + 1);
      const created = sb.store.objects.contacts.get(results[1]?.id ?? '');
      expect(created?.properties.email).toBe('new.person@example.com');

      const read = await hs(
        sb,
        `/crm/v3/objects/contacts/${contact.id}?properties=plexus_order_count,email`,
      );
      expect((read.body.properties as Record<string, string>).plexus_order_count).toBe('3');

      await receiver.waitFor(1, 10_000);
      const events = JSON.parse(receiver.received[0]?.rawBody ?? '[]') as Record<string, unknown>[];
      expect(events[0]).toMatchObject({
        subscriptionType: 'contact.propertyChange',
        propertyName: 'plexus_order_count',
        propertyValue: '3',
        changeSource: 'INTEGRATION',
      });
    } finally {
      await receiver.close();
    }
  });

  it('refuses a property that does not exist, writing nothing', async () => {
    const contact = sb.store.live('contacts')[1];
    if (!contact) throw new Error('no contact');
    const answer = await hs(sb, '/crm/v3/objects/contacts/batch/upsert', {
      body: {
        inputs: [
          {
            idProperty: 'email',
            id: String(contact.properties.email),
            properties: { plexus_order_count: '4', plexus_unknown: 'x' },
          },
        ],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(String(answer.body.message)).toContain('PROPERTY_DOESNT_EXIST');
    expect(String(answer.body.message)).toContain('plexus_unknown');
    expect(contact.properties.plexus_order_count).toBeUndefined();
  });

  it('refuses values that do not fit the type, more than 100 inputs and duplicate ids', async () => {
    const bad = await hs(sb, '/crm/v3/objects/contacts/batch/upsert', {
      body: {
        inputs: [
          { idProperty: 'email', id: 'a@example.com', properties: { plexus_order_count: 'x' } },
        ],
      },
    });
    expect(bad.status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => ({
      idProperty: 'email',
      id: `p${i}@example.com`,
      properties: {},
    }));
    expect(
      (await hs(sb, '/crm/v3/objects/contacts/batch/upsert', { body: { inputs: many } })).status,
    ).toBe(400);
    const twice = [
      { idProperty: 'email', id: 'same@example.com', properties: {} },
      { idProperty: 'email', id: 'SAME@example.com', properties: {} },
    ];
    expect(
      (await hs(sb, '/crm/v3/objects/contacts/batch/upsert', { body: { inputs: twice } })).status,
    ).toBe(400);
  });
});
