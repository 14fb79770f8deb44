import { z } from 'zod';

/**
 * The three CRM object types the connector reads, what it asks HubSpot for, and the zod shape of
 * what it relies on in the answers (the official client has already turned instants into Dates).
 */

export const OBJECT_TYPES = ['contacts', 'companies', 'deals'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];
export type CrmEntity = 'contact' | 'company' | 'deal';

export interface ObjectSpec {
  type: ObjectType;
  entity: CrmEntity;
  /** Contacts stamp `lastmodifieddate`; companies and deals `hs_lastmodifieddate`. */
  modifiedProperty: string;
  properties: string[];
  /** The associated type the payload needs (a contact's company, a deal's contacts). */
  associated?: ObjectType;
}

export function objectSpecs(options: { shopifyIdProperty?: string } = {}): ObjectSpec[] {
  return [
    {
      type: 'contacts',
      entity: 'contact',
      modifiedProperty: 'lastmodifieddate',
      properties: [
        'email',
        'firstname',
        'lastname',
        'phone',
        'lifecyclestage',
        'hs_lead_status',
        'hubspot_owner_id',
        'associatedcompanyid',
        'hs_email_optout',
        'hs_legal_basis',
        'notes_last_updated',
        'lastmodifieddate',
        ...(options.shopifyIdProperty ? [options.shopifyIdProperty] : []),
      ],
      associated: 'companies',
    },
    {
      type: 'companies',
      entity: 'company',
      modifiedProperty: 'hs_lastmodifieddate',
      properties: ['name', 'domain', 'hs_lastmodifieddate'],
    },
    {
      type: 'deals',
      entity: 'deal',
      modifiedProperty: 'hs_lastmodifieddate',
      properties: [
        'dealname',
        'amount',
        'dealstage',
        'pipeline',
        'closedate',
        'deal_currency_code',
        'hs_lastmodifieddate',
      ],
      associated: 'contacts',
    },
  ];
}

/** `contact.propertyChange` → `contacts`. */
export const typeOfSubscription: Record<string, ObjectType> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
};

const instant = z.union([z.date(), z.string()]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not an instant' });
    return z.NEVER;
  }
  return d;
});

export const hubObjectSchema = z.object({
  id: z.string().regex(/^\d+$/, 'HubSpot ids are numeric strings'),
  properties: z.record(z.string(), z.string().nullable().optional()),
  createdAt: instant,
  updatedAt: instant,
  archived: z.boolean().optional(),
  archivedAt: instant.optional(),
  associations: z
    .record(
      z.string(),
      z.object({ results: z.array(z.object({ id: z.string(), type: z.string() })) }),
    )
    .optional(),
});

/** An object as the connector uses it; `associatedIds` is filled when the payload needs it. */
export type HubObject = z.infer<typeof hubObjectSchema> & { associatedIds?: string[] };
