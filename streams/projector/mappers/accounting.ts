import type {
  AccountingCreditMemo,
  AccountingCustomer,
  AccountingInvoice,
  AccountingJournalEntry,
  AccountingPayment,
} from '../../../schema/events';
import { sumMoney } from '../../../lib/money';
import { date, orNull, singleRow, type Mapper } from './mapper';
import { personMapper } from './person';

const customer = personMapper<AccountingCustomer>(
  (c) => ({
    email: c.email,
    phone: c.phone,
    lastName: c.displayName,
    shopifyCustomerRef: c.shopifyCustomerId,
  }),
  {
    entity: 'AccountingCustomer',
    canonical: 'accounting-customer',
    toRow: (c) => ({ displayName: c.displayName, balance: c.balance, currency: c.currency }),
  },
);

const invoice = singleRow<AccountingInvoice>('Invoice', 'invoice', (_e, i) => ({
  number: i.docNumber,
  customerSourceId: i.customerId,
  orderName: orNull(i.orderName),
  issuedAt: date(i.txnDate),
  currency: i.currency,
  total: i.totalAmount,
  balance: i.balance,
}));

const payment = singleRow<AccountingPayment>('Payment', 'payment', (_e, p) => ({
  customerSourceId: p.customerId,
  paidAt: date(p.txnDate),
  amount: p.totalAmount,
  currency: p.currency,
  invoiceSourceIds: p.invoiceIds,
}));

const creditMemo = singleRow<AccountingCreditMemo>('CreditMemo', 'credit-memo', (_e, c) => ({
  number: c.docNumber,
  customerSourceId: c.customerId,
  orderName: orNull(c.orderName),
  issuedAt: date(c.txnDate),
  amount: c.totalAmount,
  currency: c.currency,
}));

/** Channel fees are journalled as debits to a fee account; the rest of the entry balances them. */
const journalEntry = singleRow<AccountingJournalEntry>('Fee', 'fee', (_e, j) => {
  const fees = j.lines.filter((l) => l.postingType === 'Debit' && /fee/i.test(l.accountName));
  return {
    orderName: orNull(j.orderName),
    postedAt: date(j.txnDate),
    amount: sumMoney(fees.map((l) => l.amount)),
    currency: j.currency,
    description: fees.map((l) => l.description ?? l.accountName).join('; ') || null,
  };
});

export const accountingMappers: Record<string, Mapper> = {
  customer,
  invoice,
  payment,
  'credit-memo': creditMemo,
  'journal-entry': journalEntry,
};
