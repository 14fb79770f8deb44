import type { ChangeEvent, CrmCompany, CrmContact, CrmDeal } from '../schema/events';
import { after, toSecond } from './events';
import {
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  DEAL_STAGES,
  LEAD_STATUSES,
  LIFECYCLE_STAGES,
  OWNERS,
} from './names';
import { EMAIL_SPELLINGS, PHONE_SPELLINGS, identityOf } from './identity';
import { DAY_MS, dateAt, isoAt } from './random';
import { numericId, type DemoContext, type DemoPerson } from './state';

/**
 * The CRM's view: companies, contacts that move down the funnel, and deals. HubSpot ids are
 * numbers in distinct ranges per object type.
 */

export function newCompany(ctx: DemoContext, index: number, at: number): CrmCompany {
  const word = COMPANY_WORDS[index % COMPANY_WORDS.length] as string;
  const round = Math.floor(index / COMPANY_WORDS.length);
  const name = `${word}${round ? ` ${round + 1}` : ''} ${ctx.random.pick(COMPANY_SUFFIXES)}`;
  return {
    id: numericId(ctx.state, 'crm.company', 30_000),
    name,
    domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
    updatedAt: isoAt(toSecond(at)),
  };
}

/** Companies, a few of which get their domain filled in later (a second version). */
export function* buildCompanies(
  ctx: DemoContext,
  count: number,
  since: number,
): Generator<ChangeEvent, CrmCompany[]> {
  const { random, events } = ctx;
  const companies: CrmCompany[] = [];
  for (let k = 0; k < count; k++) {
    const company = newCompany(ctx, k, since + k * 3_600_000);
    if (random.chance(0.2)) {
      yield events.upsert('crm', 'company', { ...company, domain: null });
      company.updatedAt = isoAt(after(company, since + random.int(30, 300) * DAY_MS));
    }
    companies.push(company);
    yield events.upsert('crm', 'company', company);
  }
  return companies;
}

/** Contacts who never bought: newsletter sign-ups and prospects, people `first`, `first + 1`… */
export function* buildLeads(
  ctx: DemoContext,
  first: number,
  count: number,
  companies: CrmCompany[],
  window: { since: number; end: number },
): Generator<ChangeEvent> {
  const { random, state, events } = ctx;
  for (let k = 0; k < count; k++) {
    const identity = identityOf(first + k);
    const lead = newContact(
      ctx,
      {
        firstName: identity.firstName,
        lastName: identity.lastName,
        email: random.pick(EMAIL_SPELLINGS)(identity.email),
        phone: random.chance(0.3) ? random.pick(PHONE_SPELLINGS)(identity.phone) : null,
        shopifyCustomerId: null,
        companyId: random.chance(0.15) && companies.length ? random.pick(companies).id : null,
      },
      toSecond(random.int(window.since, window.end - DAY_MS)),
    );
    state.leads.push(lead);
    yield events.upsert('crm', 'contact', lead);
  }
}

export interface ContactFields {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  shopifyCustomerId: string | null;
  companyId: string | null;
}

/** A new contact near the top of the funnel. */
export function newContact(ctx: DemoContext, fields: ContactFields, at: number): CrmContact {
  const { random } = ctx;
  const updatedAt = toSecond(at);
  return {
    id: numericId(ctx.state, 'crm.contact', 100_000),
    ...fields,
    lifecycleStage: random.pick(LIFECYCLE_STAGES.slice(0, 3)),
    leadStatus: random.chance(0.8) ? random.pick(LEAD_STATUSES.slice(0, 4)) : null,
    ownerEmail: random.chance(0.6) ? random.pick(OWNERS) : null,
    marketingConsent: random.chance(0.55),
    lastActivityAt: random.chance(0.5) ? isoAt(updatedAt - random.int(1, 72) * 3_600_000) : null,
    updatedAt: isoAt(updatedAt),
  };
}

/** The contact once the person has bought: a customer, and an evangelist after many orders. */
export function contactAfterOrders(ctx: DemoContext, person: DemoPerson, at: number): CrmContact {
  const contact = person.crm;
  if (!contact) throw new Error('person has no CRM contact');
  const updated: CrmContact = {
    ...contact,
    lifecycleStage: person.orderCount >= 6 ? 'evangelist' : 'customer',
    leadStatus: 'CONNECTED',
    lastActivityAt: isoAt(toSecond(person.lastOrderAt)),
    updatedAt: isoAt(after(contact, at)),
  };
  person.crm = updated;
  return updated;
}

/** One step of a sales rep's work on a contact: the next stage, a status, an owner, consent. */
export function touchContact(ctx: DemoContext, contact: CrmContact, at: number): CrmContact {
  const { random } = ctx;
  const stage = LIFECYCLE_STAGES.indexOf(
    (contact.lifecycleStage ?? 'subscriber') as (typeof LIFECYCLE_STAGES)[number],
  );
  const next: CrmContact = { ...contact, lastActivityAt: isoAt(toSecond(at)) };
  // Only the CRM moves a lead up to opportunity; only a purchase makes a customer.
  const canAdvance = stage >= 0 && stage < 4;
  switch (random.int(canAdvance ? 0 : 1, 3)) {
    case 0:
      next.lifecycleStage = LIFECYCLE_STAGES[stage + 1];
      break;
    case 1:
      next.leadStatus = random.pick(LEAD_STATUSES);
      break;
    case 2:
      next.ownerEmail = random.pick(OWNERS);
      break;
    default:
      next.marketingConsent = !contact.marketingConsent;
  }
  next.updatedAt = isoAt(after(contact, at));
  return next;
}

const DEAL_TOPICS = ['wholesale order', 'office merch', 'event swag', 'team hoodies', 'gift boxes'];

/** A deal with a company's contacts, opened at `at`, and its later stages up to `end`. */
export function* dealHistory(
  ctx: DemoContext,
  company: CrmCompany,
  contactIds: string[],
  at: number,
  end: number,
): Generator<ChangeEvent> {
  const { random, state, events } = ctx;
  let deal: CrmDeal = {
    id: numericId(state, 'crm.deal', 180_000),
    name: `${company.name} - ${random.pick(DEAL_TOPICS)}`,
    amount: `${random.int(5, 150) * 100}.00`,
    currency: state.currency,
    stage: random.pick(DEAL_STAGES.slice(0, 2)),
    pipeline: 'default',
    closeDate: dateAt(at + random.int(14, 90) * DAY_MS),
    contactIds,
    updatedAt: isoAt(toSecond(at)),
  };
  yield events.upsert('crm', 'deal', deal);
  let next = at + random.int(2, 20) * DAY_MS;
  while (next < end && !isClosed(deal) && random.chance(0.7)) {
    deal = advanceDeal(ctx, deal, next);
    yield events.upsert('crm', 'deal', deal);
    next += random.int(2, 20) * DAY_MS;
  }
  state.deals.push(deal);
}

export const isClosed = (deal: CrmDeal): boolean => deal.stage.startsWith('closed');

/** The next stage; a deal past the contract closes won or lost, and its close day is then. */
export function advanceDeal(ctx: DemoContext, deal: CrmDeal, at: number): CrmDeal {
  const index = DEAL_STAGES.indexOf(deal.stage as (typeof DEAL_STAGES)[number]);
  const open = DEAL_STAGES.length - 2;
  const stage =
    index + 1 < open
      ? (DEAL_STAGES[index + 1] as string)
      : ctx.random.chance(0.65)
        ? 'closedwon'
        : 'closedlost';
  const updatedAt = after(deal, at);
  return {
    ...deal,
    stage,
    closeDate: stage.startsWith('closed') ? dateAt(updatedAt) : deal.closeDate,
    updatedAt: isoAt(updatedAt),
  };
}
