import { z } from 'zod';
import type { EntityChange } from './vendor';

/**
 * Intuit's CloudEvents webhook format, which replaces `eventNotifications`: the body is a JSON
 * array of CloudEvents 1.0 objects, one per change, with the entity and operation folded into
 * `type` (`qbo.invoice.updated.v1`), the record's id in `intuitentityid` and the realm in
 * `intuitaccountid`. Same `intuit-signature` over the raw body. Each event is turned into the
 * legacy change (name, id, operation, lastUpdated) so the rest of the connector sees one shape.
 */

const TYPE = /^qbo\.([a-z0-9]+)\.([a-z]+)\.v\d+$/i;

/** Intuit's webhook entities, to restore the casing the API uses (`salesreceipt` → `SalesReceipt`). */
const WEBHOOK_ENTITIES = [
  'Account',
  'Bill',
  'BillPayment',
  'Budget',
  'Class',
  'CreditMemo',
  'Currency',
  'Customer',
  'Department',
  'Deposit',
  'Employee',
  'Estimate',
  'Invoice',
  'Item',
  'JournalCode',
  'JournalEntry',
  'Payment',
  'PaymentMethod',
  'Preferences',
  'Purchase',
  'PurchaseOrder',
  'RefundReceipt',
  'SalesReceipt',
  'TaxAgency',
  'Term',
  'TimeActivity',
  'Transfer',
  'Vendor',
  'VendorCredit',
];
const ENTITY_OF = new Map(WEBHOOK_ENTITIES.map((name) => [name.toLowerCase(), name]));

const OPERATION_OF: Record<string, string> = {
  created: 'Create',
  updated: 'Update',
  deleted: 'Delete',
  merged: 'Merge',
  voided: 'Void',
  emailed: 'Emailed',
};

export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(TYPE, 'type must be qbo.<entity>.<operation>.v<n>'),
  // Required here although optional in CloudEvents: a delete's version comes from it.
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.string().optional(),
  intuitentityid: z.string().min(1),
  intuitaccountid: z.string().min(1),
  data: z.unknown().optional(),
});
export type CloudEvent = z.infer<typeof cloudEventSchema>;

export const cloudEventsSchema = z.array(cloudEventSchema);

/** True when the body is in the CloudEvents format (then it must pass `cloudEventsSchema`). */
export const looksLikeCloudEvents = (body: unknown): body is unknown[] => Array.isArray(body);

export function changeOfCloudEvent(event: CloudEvent): EntityChange & { realmId: string } {
  // The regex has already matched; the fallbacks only satisfy the type checker.
  const [, entity = '', verb = ''] = TYPE.exec(event.type) ?? [];
  // Names and verbs Intuit adds later pass through as given: the worker skips entities it does
  // not read and re-reads a record for any operation other than a delete.
  return {
    name: ENTITY_OF.get(entity.toLowerCase()) ?? entity,
    id: event.intuitentityid,
    operation: OPERATION_OF[verb.toLowerCase()] ?? verb,
    lastUpdated: event.time,
    realmId: event.intuitaccountid,
  };
}
