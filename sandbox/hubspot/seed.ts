import type { Person } from '../toolkit/people';
import { chance, createRng, intBetween, pick, type Rng } from '../toolkit/random';
import type { HubStore } from './store';

// A coherent portal: companies, contacts (most at a company), deals with contacts, spread over
// `historyDays`. Everything is drawn from the seed.
export interface HubSeedOptions {
  seed: number;
  contacts: number;
  companies: number;
  deals: number;
  historyDays: number;
  now: number;
  people: Person[];
}

const firstNames = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jon'];
const lastNames = ['Adler', 'Brooks', 'Costa', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hall'];
export const lifecycleStages = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'opportunity',
  'customer',
];
export const dealStages = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'contractsent',
  'closedwon',
  'closedlost',
];

export function seedStore(store: HubStore, options: HubSeedOptions): void {
  const rng = createRng(options.seed);
  const start = options.now - options.historyDays * 86_400_000;
  const times = (n: number) =>
    Array.from({ length: n }, () => start + rng() * (options.now - start)).sort((a, b) => a - b);
  times(options.companies).forEach((at, i) => {
    store.load('companies', companyProperties(rng, i), at);
  });
  const companies = store.live('companies');
  times(options.contacts).forEach((at, i) => {
    const contact = store.load('contacts', contactProperties(rng, i), at);
    if (companies.length > 0 && chance(rng, 0.7)) {
      store.associate('contacts', contact.id, 'companies', pick(rng, companies).id);
    }
  });
  for (const person of options.people) {
    store.load(
      'contacts',
      {
        ...contactProperties(rng, store.live('contacts').length),
        email: person.email,
        firstname: person.firstName,
        lastname: person.lastName,
        ...(person.phone ? { phone: person.phone } : {}),
      },
      start,
    );
  }
  const contacts = store.live('contacts');
  times(options.deals).forEach((at, i) => {
    const deal = store.load('deals', dealProperties(rng, i, at), at);
    if (contacts.length > 0) store.associate('deals', deal.id, 'contacts', pick(rng, contacts).id);
    if (companies.length > 0)
      store.associate('deals', deal.id, 'companies', pick(rng, companies).id);
  });
}

export function contactProperties(rng: Rng, i: number): Record<string, string | null> {
  const first = pick(rng, firstNames);
  const last = pick(rng, lastNames);
  return {
    email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
    firstname: first,
    lastname: last,
    phone: `+1555${String(intBetween(rng, 1_000_000, 9_999_999))}`,
    lifecyclestage: pick(rng, lifecycleStages),
    hs_lead_status: pick(rng, ['NEW', 'OPEN', 'IN_PROGRESS', 'CONNECTED']),
    hubspot_owner_id: String(intBetween(rng, 100, 105)),
  };
}

export function companyProperties(rng: Rng, i: number): Record<string, string | null> {
  const name = `${pick(rng, ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'])} ${i + 1}`;
  return {
    name,
    domain: `${name.toLowerCase().replace(/\s+/g, '')}.example.com`,
    industry: pick(rng, ['RETAIL', 'APPAREL_FASHION', 'CONSUMER_GOODS']),
  };
}

export function dealProperties(rng: Rng, i: number, at: number): Record<string, string | null> {
  return {
    dealname: `Deal ${i + 1}`,
    amount: String(intBetween(rng, 50, 5000)),
    dealstage: pick(rng, dealStages),
    pipeline: 'default',
    closedate: new Date(at + intBetween(rng, 1, 60) * 86_400_000).toISOString(),
    deal_currency_code: 'USD',
  };
}
