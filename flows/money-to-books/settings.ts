import type { Ref } from '../../connectors/quickbooks/vendor';

/**
 * How money reaches the books (README "Flows"): what a paid order becomes, what a refund becomes,
 * the accounts a payout's deposit uses, and from when orders go. Defaults suit a US company with
 * QuickBooks' usual chart of accounts and the sandbox's.
 */
export interface MoneyToBooksSettings {
  /** A paid order: one sales receipt, or an invoice with a payment applied to it. */
  sales: 'sales-receipt' | 'invoice-and-payment';
  /** A refund: a refund receipt (money paid back) or a credit memo. */
  refunds: 'refund-receipt' | 'credit-memo';
  /** Financial statuses that make an order go (others are skipped). */
  paidStatuses: readonly string[];
  /** Orders created before this instant are left alone (history the books already hold). */
  ordersSince?: Date;
  /** The QuickBooks item (by Name) that carries shipping, and the one refunds are booked to. */
  shippingItemName: string;
  refundItemName: string;
  accounts: {
    /** Where a payout lands (the bank account). */
    bank: Ref;
    /** Where card sales wait until paid out: the deposit's charge and refund lines. */
    clearing: Ref;
    /** Processing fees (an expense): the deposit's fee line. */
    fees: Ref;
    /** Where receipts' money goes until the payout (Undeposited Funds / the clearing account). */
    receipts: Ref;
  };
  /** How often Shopify is asked for new payouts. */
  payoutPollMs: number;
}

export const defaultMoneyToBooksSettings: MoneyToBooksSettings = {
  sales: 'sales-receipt',
  refunds: 'refund-receipt',
  paidStatuses: ['paid', 'partially_refunded', 'refunded'],
  shippingItemName: 'Shipping',
  refundItemName: 'Refunds',
  accounts: {
    bank: { value: '35', name: 'Checking' },
    clearing: { value: '91', name: 'Shopify Clearing' },
    fees: { value: '90', name: 'Shopify Payments Fees' },
    receipts: { value: '91', name: 'Shopify Clearing' },
  },
  payoutPollMs: 30_000,
};
