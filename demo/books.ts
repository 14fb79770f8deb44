import type { AccountingJournalEntry, ChangeEvent } from '../schema/events';
import { after, toSecond } from './events';
import { fromMinorUnits, percentOfMinor, toMinorUnits } from '../lib/money';
import { dateAt, isoAt } from './random';
import { numericId, type DemoContext, type DemoOrder } from './state';

/**
 * The books: one invoice per order of a customer the books know, paid in full by the payout, a
 * credit memo per refund, and a journal entry for the payment fees of every order paid through a
 * gateway. QuickBooks numbers all transactions from one sequence.
 */

const txnId = (ctx: DemoContext): string => numericId(ctx.state, 'accounting.txn', 1_000);

/** The order number without its "#", as the books print it. */
const docNumber = (record: DemoOrder): string => record.order.name.replace(/^#/, '');

export function openInvoice(ctx: DemoContext, record: DemoOrder, at: number): ChangeEvent {
  const { order, person } = record;
  const customer = person?.accounting;
  if (!person || !customer) throw new Error(`order ${order.name} has no customer in the books`);
  const issued = toSecond(at);
  record.invoice = {
    id: txnId(ctx),
    docNumber: docNumber(record),
    txnDate: dateAt(issued),
    customerId: customer.id,
    orderName: order.name,
    currency: order.currency,
    totalAmount: order.totalPrice,
    balance: order.totalPrice,
    lines: order.lineItems.map((line) => ({
      description: line.title,
      sku: line.sku,
      quantity: line.quantity,
      amount: fromMinorUnits(line.quantity * toMinorUnits(line.unitPrice)),
    })),
    updatedAt: isoAt(issued),
  };
  person.openCents += toMinorUnits(order.totalPrice);
  person.balanceChangedAt = Math.max(person.balanceChangedAt, issued);
  return ctx.events.upsert('accounting', 'invoice', record.invoice);
}

/**
 * The payout settles the order: a payment closes its invoice (balance 0) and a journal entry
 * books the gateway's fees. Bank transfers ("manual") cost no fee.
 */
export function settleOrder(ctx: DemoContext, record: DemoOrder, at: number): ChangeEvent[] {
  const { person, invoice } = record;
  const changes: ChangeEvent[] = [];
  const paidAt = toSecond(at);
  if (person?.accounting && invoice && toMinorUnits(invoice.balance) > 0) {
    record.payment = {
      id: txnId(ctx),
      customerId: person.accounting.id,
      txnDate: dateAt(paidAt),
      totalAmount: invoice.balance,
      currency: invoice.currency,
      invoiceIds: [invoice.id],
      updatedAt: isoAt(paidAt),
    };
    record.invoice = { ...invoice, balance: '0.00', updatedAt: isoAt(after(invoice, paidAt)) };
    person.openCents -= toMinorUnits(invoice.balance);
    person.balanceChangedAt = Math.max(person.balanceChangedAt, paidAt);
    changes.push(ctx.events.upsert('accounting', 'payment', record.payment));
    changes.push(ctx.events.upsert('accounting', 'invoice', record.invoice));
  }
  const fee = feeEntry(ctx, record, paidAt);
  if (fee) changes.push(ctx.events.upsert('accounting', 'journal-entry', fee));
  return changes;
}

function feeEntry(ctx: DemoContext, record: DemoOrder, at: number): AccountingJournalEntry | null {
  const { order } = record;
  const gateway = order.transactions[0]?.gateway;
  if (gateway !== 'shopify_payments' && gateway !== 'paypal') return null;
  const total = toMinorUnits(order.totalPrice);
  const description = `Processing fee, order ${order.name}`;
  const debit = (accountName: string, cents: number) =>
    ({ postingType: 'Debit', accountName, amount: fromMinorUnits(cents), description }) as const;
  // Shopify Payments: 2.9% + 30¢. PayPal: 3.49% + 49¢, plus Shopify's 2% third-party fee.
  const debits =
    gateway === 'shopify_payments'
      ? [debit('Shopify fees', percentOfMinor(total, 290) + 30)]
      : [
          debit('PayPal fees', percentOfMinor(total, 349) + 49),
          debit('Shopify fees', percentOfMinor(total, 200)),
        ];
  const credited = debits.reduce((sum, line) => sum + toMinorUnits(line.amount), 0);
  const clearing = gateway === 'paypal' ? 'PayPal clearing' : 'Shopify Payments clearing';
  record.fee = {
    id: txnId(ctx),
    docNumber: `JE-${docNumber(record)}`,
    txnDate: dateAt(at),
    orderName: order.name,
    currency: order.currency,
    lines: [
      ...debits,
      {
        postingType: 'Credit',
        accountName: clearing,
        amount: fromMinorUnits(credited),
        description,
      },
    ],
    updatedAt: isoAt(at),
  };
  return record.fee;
}

/** A credit memo for a refund, when the order's customer is in the books. */
export function creditMemoFor(
  ctx: DemoContext,
  record: DemoOrder,
  at: number,
  amountCents: number,
): ChangeEvent | null {
  const customer = record.person?.accounting;
  if (!customer || !record.invoice) return null;
  const issued = toSecond(at);
  const count = record.creditMemos.length;
  const memo = {
    id: txnId(ctx),
    docNumber: `CM-${docNumber(record)}${count ? `-${count + 1}` : ''}`,
    customerId: customer.id,
    txnDate: dateAt(issued),
    orderName: record.order.name,
    totalAmount: fromMinorUnits(amountCents),
    currency: record.order.currency,
    updatedAt: isoAt(issued),
  };
  record.creditMemos.push(memo);
  return ctx.events.upsert('accounting', 'credit-memo', memo);
}
