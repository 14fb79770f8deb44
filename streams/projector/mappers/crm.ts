import type { CrmCompany, CrmContact, CrmDeal } from '../../../schema/events';
import { dateOrNull, orNull, singleRow, type Mapper } from './mapper';
import { personMapper } from './person';

const contact = personMapper<CrmContact>(
  (c) => ({
    email: c.email,
    phone: c.phone,
    firstName: c.firstName,
    lastName: c.lastName,
    shopifyCustomerRef: c.shopifyCustomerId,
  }),
  {
    entity: 'CrmProfile',
    canonical: 'crm-profile',
    toRow: (c) => ({
      lifecycleStage: orNull(c.lifecycleStage),
      leadStatus: orNull(c.leadStatus),
      ownerEmail: orNull(c.ownerEmail),
      companySourceId: orNull(c.companyId),
      marketingConsent: c.marketingConsent,
      lastActivityAt: dateOrNull(c.lastActivityAt),
    }),
  },
);

const company = singleRow<CrmCompany>('CrmCompany', 'company', (_e, c) => ({
  name: c.name,
  domain: orNull(c.domain),
}));

const deal = singleRow<CrmDeal>('CrmDeal', 'deal', (_e, d) => ({
  name: d.name,
  amount: d.amount,
  currency: d.currency,
  stage: d.stage,
  pipeline: orNull(d.pipeline),
  closeDate: dateOrNull(d.closeDate),
  contactSourceIds: d.contactIds,
}));

export const crmMappers: Record<string, Mapper> = { contact, company, deal };
