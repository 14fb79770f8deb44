import type { ChangeEvent } from '../schema/events';
import { after } from './events';
import { isoAt } from './random';
import type { DemoContext, DemoStockLevel, DemoVariant } from './state';

/**
 * Moves stock at one warehouse. The ERP is the book of record: its level changes first, Shopify's
 * copy follows (the same numbers, a little later), and the ERP item's total follows the levels.
 * `available` is always `onHand - committed`, negative when oversold, as both vendors report it.
 */

export interface StockDelta {
  onHand?: number;
  committed?: number;
  incoming?: number;
}

export function adjustStock(
  ctx: DemoContext,
  level: DemoStockLevel,
  delta: StockDelta,
  at: number,
): ChangeEvent[] {
  const onHand = Math.max(0, level.erp.onHand + (delta.onHand ?? 0));
  const committed = Math.max(0, level.erp.committed + (delta.committed ?? 0));
  const incoming = Math.max(0, level.erp.incoming + (delta.incoming ?? 0));
  const available = onHand - committed;
  const erpAt = after(level.erp, at);
  level.erp = {
    ...level.erp,
    onHand,
    available,
    committed,
    incoming,
    lastModifiedDateTime: isoAt(erpAt),
  };
  const shopifyAt = after(level.shopify, erpAt + ctx.lag(0, 2));
  level.shopify = {
    ...level.shopify,
    quantities: { available, onHand, committed, incoming },
    updatedAt: isoAt(shopifyAt),
  };
  const variant = level.variant;
  variant.item = {
    ...variant.item,
    inventory: sumOnHand(variant),
    lastModifiedDateTime: isoAt(after(variant.item, erpAt)),
  };
  return [
    ctx.events.upsert('erp', 'inventory-level', level.erp),
    ctx.events.upsert('shopify', 'inventory-level', level.shopify),
    ctx.events.upsert('erp', 'item', variant.item),
  ];
}

/** The ERP item's `inventory`: units on hand over all warehouses. */
export const sumOnHand = (variant: DemoVariant): number =>
  variant.levels.reduce((sum, level) => sum + level.erp.onHand, 0);
