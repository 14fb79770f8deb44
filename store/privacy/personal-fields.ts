/**
 * The personal fields of the records a redaction keeps (orders stay for the books): blanked by the
 * redaction, and blanked again by the projector in any later event for a redacted order. The
 * records of a person (customer, identities, CRM, ERP and accounting customers) are deleted whole.
 */
export const ORDER_PERSONAL_FIELDS = {
  Order: ['email'],
  OrderRefund: ['note'],
} as const satisfies Record<string, readonly string[]>;

/** Source records that are a person: a redaction deletes them, and drops their later events. */
export const PERSON_RECORDS = [
  { source: 'shopify', entity: 'customer' },
  { source: 'crm', entity: 'contact' },
  { source: 'erp', entity: 'customer' },
  { source: 'accounting', entity: 'customer' },
] as const;
