import type { SqlEntityManager } from '@mikro-orm/knex';
import { AccountingCustomer, CreditMemo, Fee, Invoice, Payment } from '../../store/entities';
import { countLoader, pagesPerParent, type Ownership } from '../common/connections';
import { argsLoader, groupLoader, rowLoader } from '../common/loaders';
import { emptyConnection, type Page } from '../common/pagination';
import { identitiesOf } from '../common/sources';
import type { Sort } from '../common/sql';

const newestFirst = <T extends { id: string }>(prop: keyof T & string): Sort<T> => [
  { prop, dir: 'desc', instant: true },
  { prop: 'id', dir: 'desc' },
];

const pageKey = (page: Page) => `${page.first}:${page.after?.join(',') ?? ''}`;

export function createAccountingLoaders(em: SqlEntityManager) {
  const identities = identitiesOf(em, 'accounting');
  // Invoices and payments name the accounting customer's source id; a canonical customer owns
  // those of each of its accounting identities.
  const sourceIdsOf = async (customerIds: readonly string[]) => {
    const found = await identities.loadMany(customerIds);
    return new Map(
      customerIds.map((id, i) => {
        const rows = found[i];
        if (rows instanceof Error) throw rows;
        return [id, (rows ?? []).map((identity) => identity.sourceId)];
      }),
    );
  };
  const invoices: Ownership<Invoice> = {
    entity: Invoice,
    column: 'customerSourceId',
    sort: newestFirst<Invoice>('issuedAt'),
    sourceIdsOf,
  };
  const payments: Ownership<Payment> = {
    entity: Payment,
    column: 'customerSourceId',
    sort: newestFirst<Payment>('paidAt'),
    sourceIdsOf,
  };
  const invoiceCount = countLoader(em, invoices);
  const paymentCount = countLoader(em, payments);
  const byOrderName = <T extends { orderName: string | null }>(
    fetch: (names: string[]) => Promise<T[]>,
  ) =>
    groupLoader(
      (names: readonly string[]) => fetch([...names]),
      (row: T) => row.orderName ?? '',
    );

  return {
    identities,
    /** accounting_customer.id is the id of its identity. */
    accountingCustomer: rowLoader(
      (ids: readonly string[]) => em.find(AccountingCustomer, { id: { $in: [...ids] } }),
      (customer) => customer.id,
    ),
    invoicesOfCustomer: argsLoader(
      pageKey,
      (ids, page) => pagesPerParent(em, invoices, ids, page, (id) => invoiceCount.load(id)),
      emptyConnection<Invoice>(),
    ),
    paymentsOfCustomer: argsLoader(
      pageKey,
      (ids, page) => pagesPerParent(em, payments, ids, page, (id) => paymentCount.load(id)),
      emptyConnection<Payment>(),
    ),
    invoicesOfOrder: byOrderName((names) =>
      em.find(Invoice, { orderName: { $in: names } }, { orderBy: { issuedAt: 'asc', id: 'asc' } }),
    ),
    creditMemosOfOrder: byOrderName((names) =>
      em.find(CreditMemo, { orderName: { $in: names } }, { orderBy: { id: 'asc' } }),
    ),
    feesOfOrder: byOrderName((names) =>
      em.find(Fee, { orderName: { $in: names } }, { orderBy: { id: 'asc' } }),
    ),
  };
}

export type AccountingLoaders = ReturnType<typeof createAccountingLoaders>;
