import type { CanonicalEntity, ChangeEvent } from '../../../schema/events';
import { normaliseEmail, normalisePhone } from '../../../store/ids';
import { defineMapper, sourceColumns, type Mapper } from './mapper';

export interface PersonFacts {
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  shopifyCustomerRef?: string | null;
  addresses?: unknown[];
}

interface Facet<P> {
  entity: string;
  canonical: CanonicalEntity;
  toRow(payload: P): Record<string, unknown>;
}

/**
 * A record that is a person in its source (a Shopify customer, a CRM contact, an ERP or
 * accounting customer) becomes a customer identity, plus a facet row with what only that source
 * knows. Identity resolution then decides which canonical customer the identity belongs to.
 */
export function personMapper<P extends object>(
  toFacts: (payload: P) => PersonFacts,
  facet?: Facet<P>,
): Mapper {
  return defineMapper<P>({
    upsert(event, payload, changes) {
      const columns = sourceColumns(event);
      const facts = toFacts(payload);
      changes.upsert('CustomerIdentity', {
        ...columns,
        source: event.source,
        entity: event.entity,
        // Provisional: identity resolution sets the real customer in the same transaction.
        customerId: columns.id,
        email: facts.email?.trim() || null,
        emailNorm: normaliseEmail(facts.email),
        phone: facts.phone?.trim() || null,
        phoneNorm: normalisePhone(facts.phone),
        firstName: facts.firstName?.trim() || null,
        lastName: facts.lastName?.trim() || null,
        shopifyCustomerRef: facts.shopifyCustomerRef ?? null,
        addresses: facts.addresses ?? [],
      });
      changes.touchedIdentities.add(columns.id);
      if (facet) {
        const row = { ...columns, ...facet.toRow(payload) };
        changes.upsert(facet.entity, row);
        changes.publish({
          entity: facet.canonical,
          id: row.id,
          op: 'upsert',
          version: event.version,
          data: row,
        });
      }
    },
    remove(event: ChangeEvent, changes) {
      const { id } = sourceColumns(event);
      changes.remove('CustomerIdentity', id);
      changes.touchedIdentities.add(id);
      if (facet) {
        changes.remove(facet.entity, id);
        changes.publish({
          entity: facet.canonical,
          id,
          op: 'delete',
          version: event.version,
          data: null,
        });
      }
    },
  });
}
