import type { CrmDeal, CrmProfile } from '../../store/entities';
import { pageInMemory } from '../common/connections';
import { money } from '../common/money';
import { readPage } from '../common/pagination';
import type { Sort } from '../common/sql';
import type { Resolvers } from './generated/resolvers-types';

const dealSort: Sort<CrmDeal> = [
  { prop: 'updatedAt', dir: 'desc', instant: true },
  { prop: 'id', dir: 'desc' },
];

export function createCrmResolvers(): Resolvers {
  return {
    Customer: {
      crm: async (customer, _, { loaders }) => {
        // A merged person may have several contacts: the smallest identity id with a profile
        // speaks for them, as it does for the canonical id.
        const identities = await loaders.crmIdentities.load(customer.id);
        const profiles = await loaders.profile.loadMany(identities.map((identity) => identity.id));
        const failed = profiles.find((p) => p instanceof Error);
        if (failed) throw failed;
        return profiles.find((p): p is CrmProfile => p !== null && !(p instanceof Error)) ?? null;
      },
    },
    CrmProfile: {
      company: (profile, _, { loaders }) =>
        profile.companySourceId ? loaders.company.load(profile.companySourceId) : null,
      deals: async (profile, args, { loaders }) => {
        const page = readPage(args, dealSort.length);
        return pageInMemory(await loaders.dealsOfContact.load(profile.sourceId), dealSort, page);
      },
    },
    Deal: {
      amount: (deal) => money(deal.amount, deal.currency),
    },
  };
}
