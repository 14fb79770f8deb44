import type { ChangeEvent } from '../../../schema/events';
import { recordId } from '../../../store/ids';
import { ORDER_PERSONAL_FIELDS, PERSON_RECORDS } from '../../../store/privacy/personal-fields';
import type { Redaction, RedactionTreatment } from '../../../store/privacy/redaction.entity';
import type { Changes, Row } from '../changes';
import { selectWhereAny, type Bulk } from './bulk';

/**
 * The redaction list, as the projector consults it: a later event for a record a privacy request
 * erased must not bring its personal data back (store/privacy/redaction.entity.ts).
 */

const REDACTABLE = new Set([
  ...PERSON_RECORDS.map(({ source, entity }) => `${source}/${entity}`),
  'shopify/order',
]);

/** The treatment of each event's record that is on the list, by record id. */
export async function redactionsOf(
  bulk: Bulk,
  events: ChangeEvent[],
): Promise<Map<string, RedactionTreatment>> {
  const ids = events
    .filter((e) => REDACTABLE.has(`${e.source}/${e.entity}`))
    .map((e) => recordId(e.source, e.entity, e.sourceId));
  if (ids.length === 0) return new Map();
  await lockRedactions(bulk, 'shared');
  const rows = await selectWhereAny<Redaction>(bulk, 'Redaction', [
    { property: 'id', values: ids },
  ]);
  return new Map(rows.map((row) => [row.id, row.treatment]));
}

const blank = (row: Row, fields: readonly string[]): void => {
  for (const field of fields) if (field in row) row[field] = null;
};

/** Blanks the personal fields of redacted orders in what the batch writes and publishes. */
export function blankOrders(changes: Changes, orderIds: ReadonlySet<string>): void {
  if (orderIds.size === 0) return;
  for (const [id, row] of changes.upserts.get('Order') ?? []) {
    if (orderIds.has(id)) blank(row, ORDER_PERSONAL_FIELDS.Order);
  }
  for (const row of changes.children.get('OrderRefund')?.rows ?? []) {
    if (orderIds.has(String(row.orderId))) blank(row, ORDER_PERSONAL_FIELDS.OrderRefund);
  }
  for (const change of changes.canonical) {
    if (change.entity === 'order' && change.data && orderIds.has(change.id)) {
      blank(change.data as Row, ORDER_PERSONAL_FIELDS.Order);
    }
  }
}

// Any constant will do: it names the lock that orders redactions against projector batches.
const PRIVACY_LOCK = 7_104_522;

/**
 * Orders a redaction and the batches that could undo it. A batch holding a redactable record
 * takes the lock shared (batches do not wait for each other) before it reads the list; a
 * redaction takes it exclusively. So a batch either commits before the redaction starts (which
 * then erases what it wrote) or reads the list after the redaction committed. SQLite has a single
 * writer, which orders them already.
 */
export async function lockRedactions(bulk: Bulk, mode: 'shared' | 'exclusive'): Promise<void> {
  if (bulk.dialect !== 'postgresql') return;
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await bulk.em
    .getConnection()
    .execute(`select ${fn}(?)`, [PRIVACY_LOCK], 'all', bulk.em.getTransactionContext());
}
