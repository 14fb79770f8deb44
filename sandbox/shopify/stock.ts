import type { InventoryLevel, Order, ShopStore } from './store';

// What an order does to stock, as in Shopify: placing it moves each line's units from `available`
// to `committed` at the locations it is assigned to (on_hand stays); fulfilling it takes them off
// `committed` and `on_hand`; cancelling it puts them back into `available`. A variant whose
// inventoryPolicy is DENY is never sold beyond its available stock: the whole order is refused.

export type PlaceResult = { order: Order } | { refused: string };

interface Take {
  level: InventoryLevel;
  quantity: number;
}

/**
 * Commits the order's stock and records it (orders/create, an inventory_levels/update per level
 * touched); or refuses it, changing nothing. Every order the sandbox creates goes through here.
 */
export function placeOrder(store: ShopStore, order: Order): PlaceResult {
  const plan = planStock(store, order);
  if ('refused' in plan) return plan;
  for (const [line, takes] of plan.lines) {
    line.stockFrom = takes.map((t) => ({ locationId: t.level.locationId, quantity: t.quantity }));
    for (const { level, quantity } of takes)
      shift(store, level, { available: -quantity }, quantity);
  }
  return { order: store.upsertOrder(order, 'create') };
}

/** Call when an order placed through placeOrder is fulfilled: its units leave the shop. */
export function releaseFulfilled(store: ShopStore, order: Order): void {
  moveCommitted(store, order, (level, quantity) =>
    shift(store, level, { on_hand: -quantity }, -quantity),
  );
}

/** Call when an unfulfilled order is cancelled: its units are restocked where they were held. */
export function restockCancelled(store: ShopStore, order: Order): void {
  moveCommitted(store, order, (level, quantity) =>
    shift(store, level, { available: quantity }, -quantity),
  );
}

/**
 * Moves `committed` by `committedDelta` and one other quantity by its delta, as one change (one
 * stamp, one webhook): setQuantity alone would move `on_hand` along with `available`.
 */
function shift(
  store: ShopStore,
  level: InventoryLevel,
  other: Partial<Record<'available' | 'on_hand', number>>,
  committedDelta: number,
): void {
  for (const [name, delta] of Object.entries(other)) {
    level.quantities[name as 'available' | 'on_hand'] += delta;
  }
  store.setQuantity(level, 'committed', level.quantities.committed + committedDelta);
}

function moveCommitted(
  store: ShopStore,
  order: Order,
  move: (level: InventoryLevel, quantity: number) => void,
): void {
  for (const line of order.lineItems) {
    for (const { locationId, quantity } of line.stockFrom ?? []) {
      const variant = store.variants.get(line.variantId ?? -1);
      const level =
        variant && store.inventoryLevels.get(store.levelKey(variant.inventoryItemId, locationId));
      if (level) move(level, quantity);
    }
    line.stockFrom = [];
  }
}

type Plan = { lines: Map<Order['lineItems'][number], Take[]> } | { refused: string };

/**
 * Assigns each line to locations in the shop's order (its fulfilment priority), splitting a line
 * where one location does not hold it all. Lines of the same variant draw on the same stock.
 */
function planStock(store: ShopStore, order: Order): Plan {
  const left = new Map<InventoryLevel, number>();
  const lines = new Map<Order['lineItems'][number], Take[]>();
  for (const line of order.lineItems) {
    const variant = store.variants.get(line.variantId ?? -1);
    const item = variant && store.inventoryItems.get(variant.inventoryItemId);
    if (!variant || !item?.tracked) continue;
    const levels = store
      .levelsOfItem(item.id)
      .filter((l) => store.locations.get(l.locationId)?.isActive);
    let wanted = line.quantity;
    const takes: Take[] = [];
    for (const level of levels) {
      const free = Math.max(0, left.get(level) ?? level.quantities.available);
      const take = Math.min(free, wanted);
      if (take > 0) takes.push({ level, quantity: take });
      left.set(level, free - take);
      wanted -= take;
    }
    if (wanted > 0) {
      if (variant.inventoryPolicy === 'DENY') {
        return { refused: `${variant.sku}: not enough stock (${wanted} short)` };
      }
      // CONTINUE oversells at the first location, as Shopify lets available go negative.
      const first = levels[0];
      if (first) addTake(takes, first, wanted);
    }
    lines.set(line, takes);
  }
  return { lines };
}

function addTake(takes: Take[], level: InventoryLevel, quantity: number): void {
  const same = takes.find((t) => t.level === level);
  if (same) same.quantity += quantity;
  else takes.push({ level, quantity });
}
