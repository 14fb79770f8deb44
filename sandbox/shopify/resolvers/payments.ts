import { paginate, type PageArgs } from '../connection';
import { gid } from '../ids';
import { money } from '../model';
import type { BalanceTransaction, Payout } from '../payments';
import { r, type Resolver, type ShopContext } from './context';
import { search, type Searchable } from './searchable';

// `shopifyPaymentsAccount { balanceTransactions payouts }` over payments.ts. Amounts are cents
// there and decimal strings here, as MoneyV2 carries them.
interface ListArgs extends PageArgs {
  query?: string | null;
  sortKey?: string | null;
  hideTransfers?: boolean | null;
}

const moneyV2 = (minor: number, currencyCode: string) => ({ amount: money(minor), currencyCode });

function payoutOf(ctx: ShopContext, t: BalanceTransaction): Payout | undefined {
  return t.payoutId === null ? undefined : ctx.payments.payouts.get(t.payoutId);
}

function transactionSearch(ctx: ShopContext): Searchable<BalanceTransaction> {
  return {
    fields: {
      id: (t) => t.id,
      payments_transfer_id: (t) => t.payoutId,
      processed_at: (t) => t.transactionDate,
      transaction_type: (t) => t.type.toLowerCase(),
      payout_status: (t) => (payoutOf(ctx, t)?.status ?? 'PENDING').toLowerCase(),
      payout_date: (t) => payoutOf(ctx, t)?.issuedAt ?? null,
    },
    text: [(t) => t.orderName],
    unmodeled: ['credit_card_last4', 'payment_method_name'],
  };
}

const payoutSearch: Searchable<Payout> = {
  fields: {
    id: (p) => p.id,
    issued_at: (p) => p.issuedAt,
    status: (p) => p.status.toLowerCase(),
  },
  text: [],
  unmodeled: ['amount', 'currency', 'transfer_type'],
};

/** Sums over a payout's transactions of one type, as its summary shows them. */
function summaryOf(ctx: ShopContext, payout: Payout) {
  const of = ctx.payments.transactionsOf(payout);
  const sum = (type: BalanceTransaction['type'], field: 'amount' | 'fee') =>
    moneyV2(
      of.filter((t) => t.type === type).reduce((total, t) => total + t[field], 0),
      payout.currency,
    );
  return {
    chargesGross: sum('CHARGE', 'amount'),
    chargesFee: sum('CHARGE', 'fee'),
    refundsFeeGross: sum('REFUND', 'amount'),
    refundsFee: sum('REFUND', 'fee'),
    adjustmentsGross: sum('ADJUSTMENT', 'amount'),
    adjustmentsFee: sum('ADJUSTMENT', 'fee'),
  };
}

export const paymentsResolvers: Record<string, Record<string, Resolver>> = {
  ShopifyPaymentsAccount: {
    id: r<unknown>(() => gid('ShopifyPaymentsAccount', 1)),
    activated: r<unknown>(() => true),
    defaultCurrency: r<unknown>((_, __, ctx) => ctx.currency),
    balance: r<unknown>((_, __, ctx) => [moneyV2(ctx.payments.balance(), ctx.currency)]),
    balanceTransactions: r<unknown, ListArgs>((_, args, ctx, info) => {
      const all = [...ctx.payments.transactions.values()].filter(
        (t) => !args.hideTransfers || t.type !== 'TRANSFER',
      );
      return paginate(search(all, args.query, transactionSearch(ctx), ctx, info), args, {
        id: (t) => t.id,
        sortValue: args.sortKey === 'ID' ? undefined : (t) => t.transactionDate,
        unbounded: ctx.unbounded,
      });
    }),
    payouts: r<unknown, ListArgs & { transactionType?: string | null }>((_, args, ctx, info) => {
      // Sandbox payouts are all deposits to the bank; none is a withdrawal.
      const all = args.transactionType === 'WITHDRAWAL' ? [] : [...ctx.payments.payouts.values()];
      return paginate(search(all, args.query, payoutSearch, ctx, info), args, {
        id: (p) => p.id,
        sortValue: args.sortKey === 'ID' ? undefined : (p) => p.issuedAt,
        unbounded: ctx.unbounded,
      });
    }),
  },
  ShopifyPaymentsBalanceTransaction: {
    id: r<BalanceTransaction>((t) => gid('ShopifyPaymentsBalanceTransaction', t.id)),
    amount: r<BalanceTransaction>((t) => moneyV2(t.amount, t.currency)),
    fee: r<BalanceTransaction>((t) => moneyV2(t.fee, t.currency)),
    net: r<BalanceTransaction>((t) => moneyV2(t.net, t.currency)),
    test: r<BalanceTransaction>(() => false),
    sourceType: r<BalanceTransaction>((t) => (t.sourceId === null ? null : t.type)),
    sourceId: r<BalanceTransaction>((t) => (t.sourceId === null ? null : String(t.sourceId))),
    sourceOrderTransactionId: r<BalanceTransaction>((t) =>
      t.sourceOrderTransactionId === null ? null : String(t.sourceOrderTransactionId),
    ),
    associatedOrder: r<BalanceTransaction>((t) =>
      t.orderId === null ? null : { id: gid('Order', t.orderId), name: t.orderName ?? '' },
    ),
    associatedPayout: r<BalanceTransaction>((t, _, ctx) => {
      const payout = payoutOf(ctx, t);
      return payout
        ? { id: gid('ShopifyPaymentsPayout', payout.id), status: payout.status }
        : { id: null, status: 'PENDING' };
    }),
  },
  ShopifyPaymentsPayout: {
    id: r<Payout>((p) => gid('ShopifyPaymentsPayout', p.id)),
    legacyResourceId: r<Payout>((p) => String(p.id)),
    transactionType: r<Payout>(() => 'DEPOSIT'),
    net: r<Payout>((p) => moneyV2(p.net, p.currency)),
    summary: r<Payout>((p, _, ctx) => summaryOf(ctx, p)),
  },
};
