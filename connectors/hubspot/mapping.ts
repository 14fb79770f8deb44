import type { ChangeEvent, CrmCompany, CrmContact, CrmDeal } from '../../schema/events';
import { isDecimal, vendorMoney } from '../../lib/money';
import { createEvent } from '../../streams/codec';
import type { CrmEntity, HubObject } from './objects';

/**
 * HubSpot objects → `plexus.crm.{contact,company,deal}.v1`. Every HubSpot property is a string or
 * null; emails are passed on as entered (the projector normalises them for matching). The
 * version is the object's `updatedAt` in epoch ms, which HubSpot moves with its last-modified
 * property.
 */

export interface MappingContext {
  /** Owner id → email (the owners API); unknown owners map to null. */
  owners: ReadonlyMap<string, string>;
  defaultCurrency: string;
  shopifyIdProperty?: string;
}

const text = (o: HubObject, name: string): string | null => {
  const value = o.properties[name];
  return value === undefined || value === null || value.trim() === '' ? null : value;
};

/** HubSpot sends dates as ISO instants, or as epoch ms for some older properties. */
function instant(value: string | null): string | null {
  if (value === null) return null;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Marketing consent: a lawful basis that is consent, and no opt-out of all email. Absence of an
 * opt-out is not consent (GDPR), so a contact without a legal basis has none.
 */
function consent(o: HubObject): boolean {
  const basis = text(o, 'hs_legal_basis')?.toLowerCase() ?? '';
  return basis.includes('consent') && text(o, 'hs_email_optout') !== 'true';
}

/** The primary company: HubSpot's `associatedcompanyid`, else the first associated company. */
function primaryCompany(o: HubObject): string | null {
  return text(o, 'associatedcompanyid') ?? o.associatedIds?.[0] ?? null;
}

/** HubSpot amounts are decimal strings ("1200", "99.5"): at least cents, at most 4 places. */
export function money(value: string | null): string {
  // HubSpot leaves an unset amount empty (or, hand-typed, unreadable): the contract says 0.00.
  return value !== null && isDecimal(value) ? vendorMoney(value) : '0.00';
}

export function mapContact(o: HubObject, ctx: MappingContext): CrmContact {
  const owner = text(o, 'hubspot_owner_id');
  return {
    id: o.id,
    email: text(o, 'email'),
    firstName: text(o, 'firstname'),
    lastName: text(o, 'lastname'),
    phone: text(o, 'phone'),
    lifecycleStage: text(o, 'lifecyclestage'),
    leadStatus: text(o, 'hs_lead_status'),
    ownerEmail: owner ? (ctx.owners.get(owner) ?? null) : null,
    companyId: primaryCompany(o),
    marketingConsent: consent(o),
    lastActivityAt: instant(text(o, 'notes_last_updated')),
    shopifyCustomerId: ctx.shopifyIdProperty ? text(o, ctx.shopifyIdProperty) : null,
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function mapCompany(o: HubObject): CrmCompany {
  return {
    id: o.id,
    // A company may be nameless in HubSpot; the payload needs a name.
    name: text(o, 'name') ?? text(o, 'domain') ?? `Company ${o.id}`,
    domain: text(o, 'domain'),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function mapDeal(o: HubObject, ctx: MappingContext): CrmDeal {
  const close = instant(text(o, 'closedate'));
  return {
    id: o.id,
    name: text(o, 'dealname') ?? `Deal ${o.id}`,
    amount: money(text(o, 'amount')),
    currency: text(o, 'deal_currency_code') ?? ctx.defaultCurrency,
    stage: text(o, 'dealstage') ?? 'unknown',
    pipeline: text(o, 'pipeline'),
    closeDate: close ? close.slice(0, 10) : null,
    contactIds: o.associatedIds ?? [],
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function upsertEvent(entity: CrmEntity, o: HubObject, ctx: MappingContext): ChangeEvent {
  const base = {
    op: 'upsert' as const,
    sourceId: o.id,
    version: o.updatedAt.getTime(),
    occurredAt: o.updatedAt.toISOString(),
  };
  switch (entity) {
    case 'contact':
      return createEvent({ ...base, source: 'crm', entity, payload: mapContact(o, ctx) });
    case 'company':
      return createEvent({ ...base, source: 'crm', entity, payload: mapCompany(o) });
    case 'deal':
      return createEvent({ ...base, source: 'crm', entity, payload: mapDeal(o, ctx) });
  }
}

/** A delete: payload null, version the deletion instant in epoch ms. */
export function deleteEvent(entity: CrmEntity, sourceId: string, deletedAt: number): ChangeEvent {
  return createEvent({
    source: 'crm',
    entity,
    op: 'delete',
    sourceId,
    version: deletedAt,
    occurredAt: new Date(deletedAt).toISOString(),
    payload: null,
  });
}

/** The object's last modification in epoch ms (its modified property, else updatedAt). */
export function modifiedAt(o: HubObject, property: string): number {
  const stamped = instant(text(o, property));
  return stamped ? Date.parse(stamped) : o.updatedAt.getTime();
}
