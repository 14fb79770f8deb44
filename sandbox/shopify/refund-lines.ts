import { cents, money, type LineItem, type Order, type Refund } from './store';

// The sandbox's refunds carry an amount, not lines; Shopify's carry the lines they return. The
// lines are derived, the same every time: the order's first line, as many units as the amount
// covers at its taxed unit price, the tax split out at the order's own rate, nothing restocked.
export interface RefundLine {
  id: number;
  lineItem: LineItem;
  quantity: number;
  subtotal: string;
  totalTax: string;
  restockType: 'NO_RESTOCK';
  restocked: false;
}

export function refundLinesOf(order: Order, refund: Refund): RefundLine[] {
  const line = order.lineItems[0];
  if (!line) return [];
  const amount = cents(refund.amount);
  const subtotalCents = cents(order.subtotal);
  const rate = subtotalCents > 0 ? cents(order.tax) / subtotalCents : 0;
  const subtotal = Math.round(amount / (1 + rate));
  const unit = cents(line.unitPrice) * (1 + rate);
  const quantity = Math.max(1, Math.min(line.quantity, Math.round(amount / Math.max(unit, 1))));
  return [
    {
      // Refund lines have no id of their own in the store; this range is free (mock.ts uses 9e9+).
      id: 8_000_000_000 + refund.id,
      lineItem: line,
      quantity,
      subtotal: money(subtotal),
      totalTax: money(amount - subtotal),
      restockType: 'NO_RESTOCK',
      restocked: false,
    },
  ];
}
