import type { Order, Refund, ShopStore } from './store';
import { cents } from './model';

// Shopify Payments as the 2025-01 Admin API shapes it: every sale through the `shopify_payments`
// gateway is a CHARGE balance transaction that carries the processing fee, every refund a REFUND
// (Shopify keeps the fee), and the odd ADJUSTMENT. A payout gathers the transactions not paid out
// yet; its net is the sum of their nets, to the cent, and it shows in the balance as a TRANSFER
// of the opposite amount. All arithmetic is in integer cents.

export type BalanceTransactionType = 'CHARGE' | 'REFUND' | 'ADJUSTMENT' | 'TRANSFER';
export type PayoutStatus = 'SCHEDULED' | 'PAID';

export interface BalanceTransaction {
  id: number;
  type: BalanceTransactionType;
  /** Cents: positive money in, negative money out. */
  amount: number;
  fee: number;
  net: number;
  currency: string;
  orderId: number | null;
  orderName: string | null;
  /** The order transaction (sale or refund) it comes from. */
  sourceOrderTransactionId: number | null;
  sourceId: number | null;
  adjustmentReason: string | null;
  payoutId: number | null;
  transactionDate: string;
  createdAt: string;
  updatedAt: string;
}

export interface Payout {
  id: number;
  issuedAt: string;
  status: PayoutStatus;
  /** Cents; equals the sum of the nets of `transactionIds`. */
  net: number;
  currency: string;
  transactionIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface PaymentsOptions {
  currency: string;
  /** The processing fee: basis points of the charge plus a fixed part (2.9% + 30¢). */
  feeBasisPoints: number;
  feeFixedCents: number;
}

export const defaultPaymentsOptions = { feeBasisPoints: 290, feeFixedCents: 30 };

/** `amount × bp / 10000`, halves rounded up, exactly in integers. */
export function feeOf(amount: number, options: Omit<PaymentsOptions, 'currency'>): number {
  return Math.floor((amount * options.feeBasisPoints + 5_000) / 10_000) + options.feeFixedCents;
}

export class ShopifyPayments {
  readonly transactions = new Map<number, BalanceTransaction>();
  readonly payouts = new Map<number, Payout>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ShopStore,
    private readonly options: PaymentsOptions,
  ) {
    this.unsubscribe = store.onChange((change) => {
      if (change.kind === 'order' && change.op === 'create') this.charge(change.order);
      if (change.kind === 'refund') this.refund(change.order, change.refund);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** The balance not paid out yet, in cents. */
  balance(): number {
    return this.pending().reduce((sum, t) => sum + t.net, 0);
  }

  /** A merchant-facing correction (a chargeback fee returned, a billing credit), in cents. */
  adjust(amount: number, reason: string): BalanceTransaction {
    return this.record({
      type: 'ADJUSTMENT',
      amount,
      fee: 0,
      orderId: null,
      orderName: null,
      sourceOrderTransactionId: null,
      adjustmentReason: reason,
    });
  }

  /**
   * Pays out every transaction not paid out yet, as Shopify's daily schedule does. Nothing is paid
   * out while the balance is not positive (Shopify carries a negative balance forward).
   */
  issuePayout(): Payout | undefined {
    const due = this.pending();
    const net = due.reduce((sum, t) => sum + t.net, 0);
    if (due.length === 0 || net <= 0) return undefined;
    const at = this.store.stamp();
    const payout: Payout = {
      id: this.store.newId(),
      issuedAt: at,
      status: 'PAID',
      net,
      currency: this.options.currency,
      transactionIds: due.map((t) => t.id),
      createdAt: at,
      updatedAt: at,
    };
    for (const t of due) {
      t.payoutId = payout.id;
      t.updatedAt = at;
    }
    this.payouts.set(payout.id, payout);
    const transfer = this.record({
      type: 'TRANSFER',
      amount: -net,
      fee: 0,
      orderId: null,
      orderName: null,
      sourceOrderTransactionId: null,
      adjustmentReason: null,
    });
    transfer.payoutId = payout.id;
    transfer.sourceId = payout.id;
    return payout;
  }

  /** The transactions a payout paid out (its TRANSFER excluded). */
  transactionsOf(payout: Payout): BalanceTransaction[] {
    return payout.transactionIds.flatMap((id) => this.transactions.get(id) ?? []);
  }

  private pending(): BalanceTransaction[] {
    return [...this.transactions.values()].filter((t) => t.payoutId === null);
  }

  private charge(order: Order): void {
    const sale = order.transactions.find(
      (t) =>
        (t.kind === 'SALE' || t.kind === 'CAPTURE') &&
        t.status === 'SUCCESS' &&
        t.gateway === 'shopify_payments',
    );
    if (!sale) return;
    const amount = cents(sale.amount);
    this.record({
      type: 'CHARGE',
      amount,
      fee: feeOf(amount, this.options),
      orderId: order.id,
      orderName: order.name,
      sourceOrderTransactionId: sale.id,
      adjustmentReason: null,
    });
  }

  private refund(order: Order, refund: Refund): void {
    if (!order.transactions.some((t) => t.gateway === 'shopify_payments')) return;
    const source = order.transactions.findLast((t) => t.kind === 'REFUND');
    this.record({
      type: 'REFUND',
      amount: -cents(refund.amount),
      // Shopify does not return the processing fee of a refunded charge.
      fee: 0,
      orderId: order.id,
      orderName: order.name,
      sourceOrderTransactionId: source?.id ?? null,
      adjustmentReason: null,
    });
  }

  private record(
    fields: Omit<
      BalanceTransaction,
      | 'id'
      | 'net'
      | 'currency'
      | 'payoutId'
      | 'sourceId'
      | 'transactionDate'
      | 'createdAt'
      | 'updatedAt'
    >,
  ): BalanceTransaction {
    const at = this.store.stamp();
    const id = this.store.newId();
    const transaction: BalanceTransaction = {
      ...fields,
      id,
      net: fields.amount - fields.fee,
      currency: this.options.currency,
      payoutId: null,
      sourceId: fields.sourceOrderTransactionId,
      transactionDate: at,
      createdAt: at,
      updatedAt: at,
    };
    this.transactions.set(id, transaction);
    return transaction;
  }
}
