import type {
  AccountingCustomer,
  ChangeEvent,
  CrmCompany,
  ErpCustomer,
  ShopifyCustomer,
} from '../schema/events';
import { buildCompanies, buildLeads, dealHistory, newContact, type ContactFields } from './crm';
import { toSecond } from './events';
import { EMAIL_SPELLINGS, PHONE_SPELLINGS, identityOf, type Identity } from './identity';
import { CITIES, STREETS } from './names';
import { DAY_MS, isoAt, type Random } from './random';
import { nextSequence, numericId, shopifyId, type DemoContext, type DemoPerson } from './state';

/**
 * Customers in four systems. A quarter of the people are in all four under spellings of their
 * email that differ in case or whitespace; the rest are in some of them. A few records elsewhere
 * carry no email and match only by phone digits, or only by their `shopifyCustomerId`.
 */

export interface PeopleOptions {
  customers: number;
  deletedCustomers: number;
  leads: number;
  companies: number;
  /** Customers sign up between `since` and `end`. */
  since: number;
  end: number;
}

/** How a record in another system can be matched to the person's Shopify customer. */
type Link = 'email' | 'phone' | 'xref';

interface Presence {
  erp?: Link;
  crm?: Link;
  accounting?: Link;
}

export function* buildPeople(ctx: DemoContext, options: PeopleOptions): Generator<ChangeEvent> {
  const companies = yield* buildCompanies(ctx, options.companies, options.since);
  for (let index = 0; index < options.customers; index++) {
    yield* buildCustomer(ctx, index, companies, options);
  }
  const firstLead = options.customers + options.deletedCustomers;
  yield* buildLeads(ctx, firstLead, options.leads, companies, options);

  for (let k = 0; k < options.deletedCustomers; k++) {
    // Sign-ups that never ordered and asked to be forgotten.
    const identity = identityOf(options.customers + k);
    const at = toSecond(ctx.random.int(options.since, options.end - 10 * DAY_MS));
    const customer = shopifyCustomer(ctx, identity, at, false);
    yield ctx.events.upsert('shopify', 'customer', customer);
    yield ctx.events.remove('shopify', 'customer', customer.id, at + ctx.random.int(1, 9) * DAY_MS);
  }
}

/**
 * Person `index` in Shopify and wherever else they are; a CRM contact at a company may have a
 * deal. People sign up in index order, evenly over the history (orders rely on it).
 */
function* buildCustomer(
  ctx: DemoContext,
  index: number,
  companies: CrmCompany[],
  options: PeopleOptions,
): Generator<ChangeEvent> {
  const { random, events, state } = ctx;
  const step = signUpStep(options);
  const signedUp = toSecond(options.since + index * step + random.int(0, Math.floor(step / 2)));
  const identity = identityOf(index);
  const presence = presenceOf(index, random);
  const person = newPerson(ctx, identity, signedUp, presence);
  state.persons.push(person);
  yield events.upsert('shopify', 'customer', person.shopify);
  if (random.chance(0.15)) {
    // A second address added later: a second version of the customer.
    person.shopify = {
      ...person.shopify,
      addresses: [...person.shopify.addresses, address(random)],
      updatedAt: isoAt(toSecond(random.int(signedUp + DAY_MS, options.end))),
    };
    yield events.upsert('shopify', 'customer', person.shopify);
  }
  if (person.erp) yield events.upsert('erp', 'customer', person.erp);
  if (person.accounting) yield events.upsert('accounting', 'customer', person.accounting);
  if (!presence.crm) return;
  const company = random.chance(0.25) && companies.length ? random.pick(companies) : undefined;
  const contact = newContact(
    ctx,
    {
      firstName: identity.firstName,
      lastName: identity.lastName,
      ...linkFields(random, identity, person, presence.crm),
      companyId: company?.id ?? null,
    },
    signedUp + ctx.lag(1, 90),
  );
  person.crm = contact;
  yield events.upsert('crm', 'contact', contact);
  const opened = signedUp + random.int(1, 60) * DAY_MS;
  if (company && random.chance(0.6) && opened < options.end) {
    yield* dealHistory(ctx, company, [contact.id], opened, options.end);
  }
}

/** People sign up between `since` and a day before `end`, one every this many milliseconds. */
export const signUpStep = (options: Pick<PeopleOptions, 'since' | 'end' | 'customers'>): number =>
  (options.end - DAY_MS - options.since) / options.customers;

/**
 * Every fourth person is in all four systems, matched by email spellings. Fixed positions in each
 * block of 20 are matched only by phone or only by cross-reference; the rest are in each other
 * system by chance.
 */
function presenceOf(index: number, random: Random): Presence {
  if (index % 4 === 1) return { erp: 'email', crm: 'email', accounting: 'email' };
  const chance = (p: number): Link | undefined => (random.chance(p) ? 'email' : undefined);
  const presence: Presence = { erp: chance(0.7), crm: chance(0.6), accounting: chance(0.75) };
  switch (index % 20) {
    case 3:
      return { ...presence, erp: 'phone' };
    case 7:
      return { ...presence, erp: 'xref' };
    case 11:
      return { ...presence, crm: 'xref' };
    case 15:
      return { ...presence, crm: 'phone' };
    case 19:
      return { ...presence, accounting: 'phone' };
    default:
      return presence;
  }
}

function newPerson(
  ctx: DemoContext,
  identity: Identity,
  signedUp: number,
  presence: Presence,
): DemoPerson {
  const { random, state } = ctx;
  const needsPhone = Object.values(presence).includes('phone');
  const shopify = shopifyCustomer(ctx, identity, signedUp, needsPhone || random.chance(0.75));
  const city = CITIES.find((c) => c.city === shopify.addresses[0]?.city) ?? CITIES[0];
  const displayName = `${identity.firstName} ${identity.lastName}`;
  const person: DemoPerson = {
    shopify,
    taxBp: city.taxBp,
    openCents: 0,
    balanceChangedAt: signedUp,
    orderCount: 0,
    lastOrderAt: 0,
  };
  if (presence.erp) {
    const { email, phone, shopifyCustomerId } = linkFields(random, identity, person, presence.erp);
    const erp: ErpCustomer = {
      id: random.uuid(),
      number: `C${10_000 + nextSequence(state, 'erp.customer')}`,
      displayName,
      email,
      phoneNumber: phone,
      shopifyCustomerId,
      balanceDue: '0.00',
      currencyCode: state.currency,
      lastModifiedDateTime: isoAt(toSecond(signedUp + ctx.lag(5, 180))),
    };
    person.erp = erp;
  }
  if (presence.accounting) {
    const { email, phone, shopifyCustomerId } = linkFields(
      random,
      identity,
      person,
      presence.accounting,
    );
    const accounting: AccountingCustomer = {
      id: numericId(state, 'accounting.customer', 50),
      displayName,
      email,
      phone,
      shopifyCustomerId,
      balance: '0.00',
      currency: state.currency,
      updatedAt: isoAt(toSecond(signedUp + ctx.lag(10, 240))),
    };
    person.accounting = accounting;
  }
  return person;
}

function shopifyCustomer(
  ctx: DemoContext,
  identity: Identity,
  at: number,
  withPhone: boolean,
): ShopifyCustomer {
  const { random, state } = ctx;
  const created = isoAt(at);
  return {
    id: shopifyId(state, 'customer'),
    // Shoppers type their address themselves: some capitalise it or leave a space.
    email: random.chance(0.7) ? identity.email : random.pick(EMAIL_SPELLINGS)(identity.email),
    firstName: identity.firstName,
    lastName: identity.lastName,
    phone: withPhone
      ? (PHONE_SPELLINGS[0] as (typeof PHONE_SPELLINGS)[number])(identity.phone)
      : null,
    addresses: [address(random)],
    createdAt: created,
    updatedAt: created,
  };
}

function address(random: Random): ShopifyCustomer['addresses'][number] {
  const city = random.pick(CITIES);
  return {
    address1: `${random.int(1, 2400)} ${random.pick(STREETS)}`,
    city: city.city,
    province: city.province,
    country: 'United States',
    zip: city.zip,
  };
}

/**
 * The contact fields of a record that matches the person through `link` and through nothing
 * else: an email link may add the phone and the cross-reference, which point to the same person;
 * a phone link has no email; a cross-reference link has only a work address that nobody else has.
 */
function linkFields(
  random: Random,
  identity: Identity,
  person: DemoPerson,
  link: Link,
): Pick<ContactFields, 'email' | 'phone' | 'shopifyCustomerId'> {
  const byEmail = link === 'email';
  return {
    email: byEmail
      ? spell(random, identity.email, person.shopify.email)
      : link === 'xref'
        ? identity.workEmail
        : null,
    phone: link === 'phone' || (byEmail && random.chance(0.3)) ? phoneOf(random, identity) : null,
    shopifyCustomerId:
      link === 'xref' || (byEmail && random.chance(0.35)) ? person.shopify.id : null,
  };
}

/** Another spelling of `email`, never the exact string Shopify has, so the match needs normalising. */
function spell(random: Random, email: string, shopifyEmail: string | null | undefined): string {
  for (;;) {
    const spelled = random.pick(EMAIL_SPELLINGS)(email);
    if (spelled !== shopifyEmail) return spelled;
  }
}

const phoneOf = (random: Random, identity: Identity): string =>
  random.pick(PHONE_SPELLINGS)(identity.phone);
