import { isZeroMoney, sumMoney } from '../../lib/money';
import { money } from '../common/money';
import { readPage } from '../common/pagination';
import type { AccountingCustomer } from '../../store/entities';
import type { Resolvers } from './generated/resolvers-types';

export function createAccountingResolvers(): Resolvers {
  return {
    Customer: {
      accounting: async (customer, _, { loaders }) => {
        const identities = await loaders.identities.load(customer.id);
        const found = await loaders.accountingCustomer.loadMany(identities.map((i) => i.id));
        const accounts: AccountingCustomer[] = [];
        for (const account of found) {
          if (account instanceof Error) throw account;
          if (account) accounts.push(account);
        }
        return accounts.length > 0 ? { customerId: customer.id, accounts } : null;
      },
    },
    CustomerAccounting: {
      // Merged identities share a currency in practice; the first account's is the one reported.
      currency: ({ accounts }) => accounts[0]?.currency ?? '',
      openBalance: ({ accounts }) =>
        money(sumMoney(accounts.map((a) => a.balance)), accounts[0]?.currency ?? ''),
      invoices: ({ customerId }, args, { loaders }) =>
        loaders.invoicesOfCustomer.load({ id: customerId, args: readPage(args, 2) }),
      payments: ({ customerId }, args, { loaders }) =>
        loaders.paymentsOfCustomer.load({ id: customerId, args: readPage(args, 2) }),
    },
    Invoice: {
      total: (invoice) => money(invoice.total, invoice.currency),
      balance: (invoice) => money(invoice.balance, invoice.currency),
    },
    Payment: {
      amount: (payment) => money(payment.amount, payment.currency),
    },
    Order: {
      accounting: async (order, _, { loaders }) => {
        const [invoices, memos, fees] = await Promise.all([
          loaders.invoicesOfOrder.load(order.name),
          loaders.creditMemosOfOrder.load(order.name),
          loaders.feesOfOrder.load(order.name),
        ]);
        const invoice = invoices[0];
        const currency = invoice?.currency ?? memos[0]?.currency ?? fees[0]?.currency;
        if (currency === undefined) return null;
        return {
          invoiceNumber: invoice?.number ?? null,
          paid: invoices.length > 0 && invoices.every((i) => isZeroMoney(i.balance)),
          refundedAmount: money(sumMoney(memos.map((memo) => memo.amount)), currency),
          fees: money(sumMoney(fees.map((fee) => fee.amount)), currency),
        };
      },
    },
  };
}
