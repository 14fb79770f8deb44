import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, ChangedAt, DateTime, Id, Maybe, Money, Payload } from './common';

/** HubSpot (CRM) records. Ids are HubSpot object ids as strings. */

export const CrmContact = Payload('crm', 'contact', 'A person in the CRM.', {
  id: Id(),
  email: Maybe(Type.String(), {
    description: 'As entered in the CRM; trimmed and lower-cased before matching.',
  }),
  firstName: Maybe(Type.String()),
  lastName: Maybe(Type.String()),
  phone: Maybe(Type.String(), { description: 'Free-form; matched on its digits only.' }),
  lifecycleStage: Maybe(Type.String(), {
    description: 'e.g. `subscriber`, `lead`, `opportunity`, `customer`.',
  }),
  leadStatus: Maybe(Type.String(), { description: 'e.g. `NEW`, `OPEN`, `CONNECTED`.' }),
  ownerEmail: Maybe(Type.String(), { description: 'Email of the sales rep who owns the contact.' }),
  companyId: Maybe(Id(), { description: 'CRM id of the primary company.' }),
  marketingConsent: Type.Boolean({ description: 'Whether the person agreed to marketing email.' }),
  lastActivityAt: Maybe(DateTime(), { description: 'Last email, call or meeting.' }),
  shopifyCustomerId: Maybe(Type.String(), {
    description: 'Cross-reference to the Shopify customer id; links the two identities.',
  }),
  updatedAt: ChangedAt(),
});
export type CrmContact = Static<typeof CrmContact>;

export const CrmCompany = Payload('crm', 'company', 'An organisation in the CRM.', {
  id: Id(),
  name: Type.String(),
  domain: Maybe(Type.String(), { description: 'Web domain, e.g. `example.com`.' }),
  updatedAt: ChangedAt(),
});
export type CrmCompany = Static<typeof CrmCompany>;

export const CrmDeal = Payload('crm', 'deal', 'A sales opportunity in the CRM.', {
  id: Id(),
  name: Type.String(),
  amount: Money({ description: 'Expected value of the deal.' }),
  currency: Type.String({ description: 'ISO 4217 code of `amount`.' }),
  stage: Type.String({ description: 'Pipeline stage, e.g. `qualifiedtobuy`, `closedwon`.' }),
  pipeline: Maybe(Type.String()),
  closeDate: Maybe(CalendarDate(), { description: 'Expected or actual close day.' }),
  contactIds: Type.Array(Id(), { description: 'CRM ids of the associated contacts.' }),
  updatedAt: ChangedAt(),
});
export type CrmDeal = Static<typeof CrmDeal>;
