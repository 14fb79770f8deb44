import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataRequestDone, PrivacyRequest } from '../../schema/events';
import type { ErpCustomer } from '../../store/entities';
import { readCanonical } from '../projector/sink/canonical-records';
import { selectWhereAny, type Bulk } from '../projector/sink/bulk';
import { identitiesOf, type Person } from './person';

/**
 * A data request's export: everything the store holds on the person, from all four systems, in
 * the shapes the canonical topics carry (so a reader of either recognises the other).
 */
export interface PersonExport {
  requestId: string;
  generatedAt: string;
  shopDomain: string;
  customers: unknown[];
  identities: unknown[];
  shopify: { orders: unknown[] };
  crm: { profiles: unknown[] };
  erp: { customers: unknown[]; salesOrders: unknown[] };
  accounting: {
    customers: unknown[];
    invoices: unknown[];
    payments: unknown[];
    creditMemos: unknown[];
  };
}

const values = <T>(map: Map<string, T>): T[] => [...map.values()];
const ids = (rows: Array<{ id: string }>): string[] => rows.map((r) => r.id);
const sourceIds = (rows: Array<{ sourceId: string }>): string[] => rows.map((r) => r.sourceId);

export async function collectExport(
  bulk: Bulk,
  request: PrivacyRequest,
  person: Person,
  now: Date,
): Promise<PersonExport> {
  const crm = identitiesOf(person, 'crm');
  const erp = identitiesOf(person, 'erp');
  const accounting = identitiesOf(person, 'accounting');
  const erpCustomers = await readCanonical(bulk, 'erp-customer', ids(erp));
  const numbers = values(erpCustomers).map((c) => (c as unknown as ErpCustomer).number);
  const salesOrders = await selectWhereAny<{ id: string }>(bulk, 'SalesOrder', [
    { property: 'customerNumber', values: numbers },
  ]);
  const byCustomer = (entity: string) =>
    selectWhereAny<{ id: string }>(bulk, entity, [
      { property: 'customerSourceId', values: sourceIds(accounting) },
    ]);
  return {
    requestId: request.id,
    generatedAt: now.toISOString(),
    shopDomain: request.shopDomain,
    customers: values(await readCanonical(bulk, 'customer', ids(person.customers))),
    identities: person.identities,
    shopify: { orders: values(await readCanonical(bulk, 'order', person.orderIds)) },
    crm: { profiles: values(await readCanonical(bulk, 'crm-profile', ids(crm))) },
    erp: {
      customers: values(erpCustomers),
      salesOrders: values(await readCanonical(bulk, 'sales-order', ids(salesOrders))),
    },
    accounting: {
      customers: values(await readCanonical(bulk, 'accounting-customer', ids(accounting))),
      invoices: await byCustomer('Invoice'),
      payments: await byCustomer('Payment'),
      creditMemos: await byCustomer('CreditMemo'),
    },
  };
}

/** Records per system, for the announcement: the Shopify identities count with Shopify. */
export function recordCounts(content: PersonExport): DataRequestDone['records'] {
  const identities = (source: string) =>
    content.identities.filter((i) => (i as { source: string }).source === source).length;
  return {
    shopify: identities('shopify') + content.shopify.orders.length,
    crm: identities('crm') + content.crm.profiles.length,
    erp: identities('erp') + content.erp.customers.length + content.erp.salesOrders.length,
    accounting:
      identities('accounting') +
      content.accounting.customers.length +
      content.accounting.invoices.length +
      content.accounting.payments.length +
      content.accounting.creditMemos.length,
  };
}

/** A file name from a request id: nothing but letters, digits, dots, dashes and underscores. */
export const exportFileName = (requestId: string): string =>
  `${requestId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;

/**
 * Writes the export whole or not at all: to a temporary file created 0600, then renamed over the
 * final name, so a crash leaves no half export and a repeated request replaces its file.
 */
export async function writeExport(directory: string, content: PersonExport): Promise<string> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, exportFileName(content.requestId));
  const temporary = `${path}.${randomUUID()}.tmp`;
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  return path;
}
