import type { ObjectType } from './model';

// The portal's property definitions (CRM v3 properties API): HubSpot's own, and custom ones an
// app creates. A write naming a property that is not defined is refused (PROPERTY_DOESNT_EXIST),
// and a value must fit its property's type.
export const propertyTypes = [
  'string',
  'number',
  'date',
  'datetime',
  'enumeration',
  'bool',
] as const;
export type PropertyType = (typeof propertyTypes)[number];

export const fieldTypes = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'phonenumber',
  'html',
  'file',
  'calculation_equation',
] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  groupName: string;
  description: string;
  hubspotDefined: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Property groups a portal has from the start. */
export const propertyGroups: Record<ObjectType, string[]> = {
  contacts: ['contactinformation', 'emailinformation', 'conversioninformation', 'sales_properties'],
  companies: ['companyinformation'],
  deals: ['dealinformation'],
};

type Builtin = [name: string, type: PropertyType, fieldType: FieldType];

const builtins: Record<ObjectType, Builtin[]> = {
  contacts: [
    ['email', 'string', 'text'],
    ['firstname', 'string', 'text'],
    ['lastname', 'string', 'text'],
    ['phone', 'string', 'phonenumber'],
    ['lifecyclestage', 'enumeration', 'radio'],
    ['hs_lead_status', 'enumeration', 'radio'],
    ['hubspot_owner_id', 'enumeration', 'select'],
    ['hs_legal_basis', 'enumeration', 'checkbox'],
    ['hs_email_optout', 'bool', 'booleancheckbox'],
    ['shopify_customer_id', 'string', 'text'],
    ['notes_last_contacted', 'datetime', 'date'],
    ['createdate', 'datetime', 'date'],
    ['lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
  companies: [
    ['name', 'string', 'text'],
    ['domain', 'string', 'text'],
    ['industry', 'enumeration', 'select'],
    ['createdate', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
  deals: [
    ['dealname', 'string', 'text'],
    ['amount', 'number', 'number'],
    ['dealstage', 'enumeration', 'radio'],
    ['pipeline', 'enumeration', 'select'],
    ['closedate', 'datetime', 'date'],
    ['deal_currency_code', 'enumeration', 'select'],
    ['createdate', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
};

/** Properties HubSpot computes; a write to one is refused like an unknown one. */
const readOnly = new Set(['createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_object_id']);

export interface ValueProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

export class PropertyRegistry {
  private readonly byType: Record<ObjectType, Map<string, PropertyDefinition>>;

  constructor(at: string) {
    const build = (type: ObjectType) =>
      new Map(
        builtins[type].map(([name, kind, fieldType]): [string, PropertyDefinition] => [
          name,
          {
            name,
            label: name,
            type: kind,
            fieldType,
            groupName: propertyGroups[type][0] ?? 'contactinformation',
            description: '',
            hubspotDefined: true,
            createdAt: at,
            updatedAt: at,
          },
        ]),
      );
    this.byType = {
      contacts: build('contacts'),
      companies: build('companies'),
      deals: build('deals'),
    };
  }

  list(type: ObjectType): PropertyDefinition[] {
    return [...this.byType[type].values()];
  }

  get(type: ObjectType, name: string): PropertyDefinition | undefined {
    return this.byType[type].get(name);
  }

  /** False when the name is taken. */
  add(type: ObjectType, definition: PropertyDefinition): boolean {
    if (this.byType[type].has(definition.name)) return false;
    this.byType[type].set(definition.name, definition);
    return true;
  }

  /** What HubSpot would say about writing these values, one entry per bad property. */
  problems(type: ObjectType, properties: Record<string, string | null>): ValueProblem[] {
    const out: ValueProblem[] = [];
    for (const [name, value] of Object.entries(properties)) {
      const definition = this.byType[type].get(name);
      if (!definition || readOnly.has(name)) {
        out.push(problem(name, `Property "${name}" does not exist`, 'PROPERTY_DOESNT_EXIST'));
        continue;
      }
      // An empty value clears the property, whatever its type.
      if (value === null || value === '') continue;
      if (definition.type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) {
        out.push(problem(name, `${value} was not a valid number.`, 'INVALID_FLOAT'));
      }
      if (definition.type === 'date' && !isMidnightDate(value)) {
        out.push(
          // The wording is an approximation of HubSpot's; the code is its.
          problem(name, `${value} is not a valid date at midnight UTC.`, 'INVALID_DATE'),
        );
      }
      if (definition.type === 'bool' && value !== 'true' && value !== 'false') {
        out.push(problem(name, `${value} is not a valid boolean.`, 'INVALID_BOOLEAN'));
      }
    }
    return out;
  }
}

function problem(name: string, message: string, error: string): ValueProblem {
  return { isValid: false, message, error, name };
}

/** A date property holds a day: `YYYY-MM-DD`, or epoch milliseconds at midnight UTC. */
function isMidnightDate(value: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return !Number.isNaN(Date.parse(value));
  return /^\d+$/.test(value) && Number(value) % 86_400_000 === 0;
}

/** Stored as HubSpot returns it: a date property reads back as `YYYY-MM-DD`. */
export function storedValue(definition: PropertyDefinition, value: string | null): string | null {
  if (value === null || value === '') return value;
  if (definition.type === 'date' && /^\d+$/.test(value)) {
    return new Date(Number(value)).toISOString().slice(0, 10);
  }
  return value;
}

export function serveDefinition(d: PropertyDefinition) {
  return {
    name: d.name,
    label: d.label,
    type: d.type,
    fieldType: d.fieldType,
    description: d.description,
    groupName: d.groupName,
    options: [],
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: d.name === 'email',
    hidden: false,
    ...(d.hubspotDefined ? { hubspotDefined: true } : {}),
    modificationMetadata: {
      archivable: !d.hubspotDefined,
      readOnlyDefinition: d.hubspotDefined,
      readOnlyValue: readOnly.has(d.name),
    },
    formField: false,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    archived: false,
  };
}
