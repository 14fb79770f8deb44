import type { SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { CrmCompany, CrmDeal, CrmProfile } from '../../store/entities';
import { rowLoader } from '../common/loaders';
import { identitiesOf } from '../common/sources';
import DataLoader from 'dataloader';

/**
 * The deals that name any of `contactIds` in their contact_source_ids JSON array, in one
 * statement. JSON arrays are read differently by each dialect, hence the two spellings.
 */
async function dealsNaming(
  em: SqlEntityManager,
  contactIds: readonly string[],
): Promise<CrmDeal[]> {
  const marks = contactIds.map(() => '?').join(', ');
  const elements =
    em.getPlatform() instanceof PostgreSqlPlatform
      ? // A row whose column is not an array must not fail everyone's deals: it names nobody.
        `jsonb_array_elements_text(case jsonb_typeof(d.contact_source_ids) when 'array' then d.contact_source_ids else '[]'::jsonb end) as c(value)`
      : `json_each(d.contact_source_ids) as c`;
  return em
    .createQueryBuilder(CrmDeal, 'd')
    .select('*')
    .where(`exists (select 1 from ${elements} where c.value in (${marks}))`, [...contactIds])
    .getResultList();
}

export function createCrmLoaders(em: SqlEntityManager) {
  return {
    crmIdentities: identitiesOf(em, 'crm'),
    /** crm_profile.id is the id of its contact identity. */
    profile: rowLoader(
      (ids: readonly string[]) => em.find(CrmProfile, { id: { $in: [...ids] } }),
      (profile) => profile.id,
    ),
    company: rowLoader(
      (sourceIds: readonly string[]) => em.find(CrmCompany, { sourceId: { $in: [...sourceIds] } }),
      (company) => company.sourceId,
    ),
    dealsOfContact: new DataLoader<string, CrmDeal[]>(async (contactIds) => {
      const deals = await dealsNaming(em, contactIds);
      return contactIds.map((id) => deals.filter((deal) => deal.contactSourceIds.includes(id)));
    }),
  };
}

export type CrmLoaders = ReturnType<typeof createCrmLoaders>;
