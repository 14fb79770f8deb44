// HubSpot CRM v3 objects: every property is a string (or null) under `properties`; `id` is a
// numeric string. Contacts stamp `lastmodifieddate`; companies and deals `hs_lastmodifieddate`.
export const objectTypes = ['contacts', 'companies', 'deals'] as const;
export type ObjectType = (typeof objectTypes)[number];

export interface CrmObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export const modifiedProperty: Record<ObjectType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
  deals: 'hs_lastmodifieddate',
};

/** Properties served when a request names none, as HubSpot does. */
export const defaultProperties: Record<ObjectType, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
};

/** Singular names, as in `contact.creation` and `contact_to_company`. */
export const singular: Record<ObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
};

/** HUBSPOT_DEFINED association type ids (v4), unlabeled, by direction. */
export const associationTypeIds: Record<string, number> = {
  'contacts:companies': 279,
  'companies:contacts': 280,
  'deals:contacts': 3,
  'contacts:deals': 4,
  'deals:companies': 341,
  'companies:deals': 342,
};

export type ChangeKind = 'creation' | 'propertyChange' | 'deletion';
export interface Change {
  type: ObjectType;
  kind: ChangeKind;
  object: CrmObject;
  /** The properties that changed, with their new values (propertyChange). */
  changed: [name: string, value: string | null][];
  occurredAt: number;
  changeSource: string;
}
