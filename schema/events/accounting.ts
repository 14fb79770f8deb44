import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, ChangedAt, Id, Maybe, Money, Part, Payload, StringEnum } from './common';

/** QuickBooks Online (accounting) records. Ids are QuickBooks ids as strings. */

const orderName = {
  description: 'The Shopify order name (e.g. `#1001`) the document belongs to, if any.',
};

export const AccountingCustomer = Payload('accounting', 'customer', 'A customer in the books.', {
  id: Id(),
  displayName: Type.String(),
  email: Maybe(Type.String(), {
    description: 'As entered in the books; trimmed and lower-cased before matching.',
  }),
  phone: Maybe(Type.String(), { description: 'Free-form; matched on its digits only.' }),
  shopifyCustomerId: Maybe(Type.String(), {
    description: 'Cross-reference to the Shopify customer id; links the two identities.',
  }),
  balance: Money({ description: 'Open balance the customer owes.' }),
  currency: Type.String({ description: 'ISO 4217 code of `balance`.' }),
  updatedAt: ChangedAt(),
});
export type AccountingCustomer = Static<typeof AccountingCustomer>;

export const AccountingInvoiceLine = Part('accounting.invoice.line', 'One line of an invoice.', {
  description: Maybe(Type.String()),
  sku: Maybe(Type.String(), { description: 'SKU of the item sold, if the line is an item.' }),
  quantity: Type.Number({ description: 'May be fractional (hours, kilograms).' }),
  amount: Money({ description: 'Line total before tax.' }),
});

export const AccountingInvoice = Payload('accounting', 'invoice', 'An invoice in the books.', {
  id: Id(),
  docNumber: Type.String({ description: 'Invoice number printed on the document.' }),
  txnDate: CalendarDate({ description: 'Day the invoice was issued.' }),
  customerId: Id({ description: 'Accounting customer id.' }),
  orderName: Maybe(Type.String(), orderName),
  currency: Type.String({ description: 'ISO 4217 code of every amount.' }),
  totalAmount: Money({ description: 'Total including tax.' }),
  balance: Money({ description: 'Still unpaid; `0` once paid in full.' }),
  lines: Type.Array(AccountingInvoiceLine),
  updatedAt: ChangedAt(),
});
export type AccountingInvoice = Static<typeof AccountingInvoice>;

export const AccountingPayment = Payload(
  'accounting',
  'payment',
  'Money received from a customer, applied to invoices.',
  {
    id: Id(),
    customerId: Id({ description: 'Accounting customer id.' }),
    txnDate: CalendarDate({ description: 'Day the payment was received.' }),
    totalAmount: Money(),
    currency: Type.String({ description: 'ISO 4217 code of `totalAmount`.' }),
    invoiceIds: Type.Array(Id(), { description: 'Accounting ids of the invoices it pays.' }),
    updatedAt: ChangedAt(),
  },
);
export type AccountingPayment = Static<typeof AccountingPayment>;

export const AccountingCreditMemo = Payload(
  'accounting',
  'credit-memo',
  'A credit given to a customer (a refund or a goodwill credit).',
  {
    id: Id(),
    docNumber: Type.String({ description: 'Credit memo number printed on the document.' }),
    customerId: Id({ description: 'Accounting customer id.' }),
    txnDate: CalendarDate({ description: 'Day the credit was issued.' }),
    orderName: Maybe(Type.String(), orderName),
    totalAmount: Money({ description: 'Amount credited, tax included.' }),
    currency: Type.String({ description: 'ISO 4217 code of `totalAmount`.' }),
    updatedAt: ChangedAt(),
  },
);
export type AccountingCreditMemo = Static<typeof AccountingCreditMemo>;

export const POSTING_TYPES = ['Debit', 'Credit'] as const;

export const AccountingJournalLine = Part(
  'accounting.journal-entry.line',
  'One side of a journal entry.',
  {
    postingType: StringEnum(POSTING_TYPES),
    accountName: Type.String({
      description: 'Ledger account; a Debit on an account whose name contains "fee" is a fee.',
    }),
    amount: Money({ description: '`postingType` gives the side, not the sign.' }),
    description: Maybe(Type.String()),
  },
);

export const AccountingJournalEntry = Payload(
  'accounting',
  'journal-entry',
  'A manual journal entry. Plexus reads payment and marketplace fees from these.',
  {
    id: Id(),
    docNumber: Maybe(Type.String()),
    txnDate: CalendarDate({ description: 'Day the entry was posted.' }),
    orderName: Maybe(Type.String(), orderName),
    currency: Type.String({ description: 'ISO 4217 code of every amount.' }),
    lines: Type.Array(AccountingJournalLine),
    updatedAt: ChangedAt(),
  },
);
export type AccountingJournalEntry = Static<typeof AccountingJournalEntry>;
