import type { SqlEntityManager } from '@mikro-orm/knex';
import { CustomerIdentity } from '../../store/entities';
import { groupLoader } from './loaders';

export type SourceName = 'shopify' | 'erp' | 'crm' | 'accounting';

// docs/architecture.md, identity resolution: golden fields come by this precedence.
const precedence: readonly string[] = ['shopify', 'crm', 'erp', 'accounting'];

/** The row of the most trusted source; ties go to the smallest id, so the pick is stable. */
export function preferred<T extends { source: string; id: string }>(
  rows: readonly T[],
): T | undefined {
  const rank = (row: T) => {
    const i = precedence.indexOf(row.source);
    return i < 0 ? precedence.length : i;
  };
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))[0];
}

/** A canonical customer's identities in one source, for a batch of customers in one statement. */
export function identitiesOf(em: SqlEntityManager, source: SourceName) {
  return groupLoader(
    (customerIds: readonly string[]) =>
      em.find(
        CustomerIdentity,
        { source, customerId: { $in: [...customerIds] } },
        { orderBy: { id: 'asc' } },
      ),
    (identity) => identity.customerId,
  );
}
