import { chance, intBetween, pick, type Rng, weightedPick } from '../toolkit/random';
import { TrafficGenerator } from '../toolkit/traffic';
import {
  companyProperties,
  contactProperties,
  dealProperties,
  dealStages,
  lifecycleStages,
} from './seed';
import type { HubStore } from './store';

// Live CRM activity: new contacts (some at a company), lifecycle and lead-status moves, phone
// edits, new deals and stage moves, company edits, and the odd archived contact. Each goes
// through the store, which stamps the modified property and emits webhook events.
type Action = [weight: number, run: (store: HubStore, rng: Rng) => void];

const actions: Action[] = [
  [20, newContact],
  [25, moveLifecycle],
  [10, editPhone],
  [12, newDeal],
  [20, moveDeal],
  [8, editCompany],
  [2, archiveContact],
];

export function createHubTraffic(
  store: HubStore,
  options: { ratePerSecond: number; seed: number },
): TrafficGenerator {
  return new TrafficGenerator({
    ratePerSecond: options.ratePerSecond,
    seed: options.seed,
    change: (rng) => weightedPick(rng, actions)?.(store, rng),
  });
}

function newContact(store: HubStore, rng: Rng): void {
  const contact = store.create('contacts', contactProperties(rng, intBetween(rng, 1000, 99999)));
  const companies = store.live('companies');
  if (companies.length > 0 && chance(rng, 0.6)) {
    store.associate('contacts', contact.id, 'companies', pick(rng, companies).id);
  }
}

function moveLifecycle(store: HubStore, rng: Rng): void {
  const contacts = store.live('contacts');
  if (contacts.length === 0) return;
  store.update('contacts', pick(rng, contacts).id, {
    lifecyclestage: pick(rng, lifecycleStages),
    hs_lead_status: pick(rng, ['NEW', 'OPEN', 'IN_PROGRESS', 'CONNECTED']),
  });
}

function editPhone(store: HubStore, rng: Rng): void {
  const contacts = store.live('contacts');
  if (contacts.length === 0) return;
  store.update('contacts', pick(rng, contacts).id, {
    phone: `+1555${String(intBetween(rng, 1_000_000, 9_999_999))}`,
  });
}

function newDeal(store: HubStore, rng: Rng): void {
  const deal = store.create(
    'deals',
    dealProperties(rng, intBetween(rng, 1000, 99999), store.clock.now()),
  );
  const contacts = store.live('contacts');
  if (contacts.length > 0) store.associate('deals', deal.id, 'contacts', pick(rng, contacts).id);
}

function moveDeal(store: HubStore, rng: Rng): void {
  const deals = store.live('deals');
  if (deals.length === 0) return;
  store.update('deals', pick(rng, deals).id, { dealstage: pick(rng, dealStages) });
}

function editCompany(store: HubStore, rng: Rng): void {
  const companies = store.live('companies');
  if (companies.length === 0) return;
  const company = pick(rng, companies);
  store.update('companies', company.id, {
    name: companyProperties(rng, Number(company.id)).name ?? null,
  });
}

function archiveContact(store: HubStore, rng: Rng): void {
  const contacts = store.live('contacts');
  if (contacts.length > 10) store.archive('contacts', pick(rng, contacts).id);
}
