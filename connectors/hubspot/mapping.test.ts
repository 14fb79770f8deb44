import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../streams/codec';
import {
  deleteEvent,
  mapContact,
  mapDeal,
  money,
  upsertEvent,
  type MappingContext,
} from './mapping';
import type { HubObject } from './objects';

const ctx: MappingContext = {
  owners: new Map([['101', 'rep@example.com']]),
  defaultCurrency: 'EUR',
  shopifyIdProperty: 'shopify_customer_id',
};
const object = (properties: Record<string, string | null>, extra: Partial<HubObject> = {}) => ({
  id: '501',
  properties,
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-03-04T05:06:07.089Z'),
  ...extra,
});

describe('HubSpot → plexus.crm payloads', () => {
  it('maps a contact: email as given, owner email, primary company, consent, Shopify link', () => {
    const contact = object(
      {
        email: ' Ava.Adler@Example.com ',
        firstname: 'Ava',
        lastname: '',
        lifecyclestage: 'lead',
        hs_lead_status: 'OPEN',
        hubspot_owner_id: '101',
        hs_legal_basis: 'Freely given consent from contact',
        hs_email_optout: 'false',
        notes_last_updated: '1741064767089',
        shopify_customer_id: '7408123456789',
      },
      { associatedIds: ['30', '12'] },
    );
    expect(mapContact(contact, ctx)).toEqual({
      id: '501',
      email: ' Ava.Adler@Example.com ',
      firstName: 'Ava',
      lastName: null,
      phone: null,
      lifecycleStage: 'lead',
      leadStatus: 'OPEN',
      ownerEmail: 'rep@example.com',
      companyId: '30',
      marketingConsent: true,
      lastActivityAt: '2025-03-04T05:06:07.089Z',
      shopifyCustomerId: '7408123456789',
      updatedAt: '2025-03-04T05:06:07.089Z',
    });
    const optedOut = mapContact(
      object({
        hs_legal_basis: 'Freely given consent',
        hs_email_optout: 'true',
        associatedcompanyid: '99',
      }),
      ctx,
    );
    expect(optedOut).toMatchObject({ marketingConsent: false, companyId: '99', ownerEmail: null });
  });

  it('maps a deal with its contacts, a decimal amount and the portal currency by default', () => {
    const deal = mapDeal(
      object(
        {
          dealname: 'Hoodies',
          amount: '1200',
          dealstage: 'closedwon',
          closedate: '2025-04-30T22:00:00Z',
        },
        { associatedIds: ['7', '8'] },
      ),
      ctx,
    );
    expect(deal).toMatchObject({
      name: 'Hoodies',
      amount: '1200.00',
      currency: 'EUR',
      stage: 'closedwon',
      closeDate: '2025-04-30',
      contactIds: ['7', '8'],
    });
    expect([money('99.5'), money(null), money('abc'), money('1.23456')]).toEqual([
      '99.50',
      '0.00',
      '0.00',
      '1.2346',
    ]);
  });

  it('builds events the topic schemas accept, versioned by updatedAt in ms', () => {
    const contact = upsertEvent('contact', object({ email: 'a@b.c' }), ctx);
    expect(contact).toMatchObject({ source: 'crm', entity: 'contact', version: 1741064767089 });
    expect(() => encodeEvent(contact)).not.toThrow();
    expect(() => encodeEvent(upsertEvent('company', object({ name: null }), ctx))).not.toThrow();
    expect(() => encodeEvent(upsertEvent('deal', object({}), ctx))).not.toThrow();
    const gone = deleteEvent('deal', '9', 1741064767090);
    expect(gone).toMatchObject({ op: 'delete', payload: null, version: 1741064767090 });
    expect(() => encodeEvent(gone)).not.toThrow();
  });
});
