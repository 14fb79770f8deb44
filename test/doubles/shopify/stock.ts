import type {
  LevelReading,
  SetAvailableInput,
  SetAvailableResult,
  ShopifyInventory,
} from '../../../connectors/shopify/inventory';

/**
 * Shopify's inventory levels in memory, for the stock flow's tests: inventorySetQuantities with
 * its compare-and-set (all or nothing, the stale quantities named), the levels read of an item,
 * and sales that move a level as an order does. Items and locations are named by their gids.
 */
export class ShopifyStockDouble implements Pick<ShopifyInventory, 'setAvailable' | 'readLevels'> {
  readonly calls: SetAvailableInput[] = [];
  private readonly levels = new Map<string, { available: number; committed: number }>();

  set(inventoryItemId: string, locationId: string, available: number, committed = 0): void {
    this.levels.set(`${inventoryItemId}@${locationId}`, { available, committed });
  }

  available(inventoryItemId: string, locationId: string): number | undefined {
    return this.levels.get(`${inventoryItemId}@${locationId}`)?.available;
  }

  /** An order of `units`: they leave available and are committed until fulfilled. */
  sell(inventoryItemId: string, locationId: string, units: number): void {
    const level = this.levels.get(`${inventoryItemId}@${locationId}`);
    if (!level || level.available < units) throw new Error('not enough stock to sell');
    level.available -= units;
    level.committed += units;
  }

  setAvailable(input: SetAvailableInput): Promise<SetAvailableResult> {
    this.calls.push(input);
    const stale = input.quantities.flatMap((q, index) =>
      this.available(q.inventoryItemId, q.locationId) === q.compareQuantity ? [] : [index],
    );
    if (stale.length > 0) return Promise.resolve({ applied: false, stale, refusals: [] });
    for (const q of input.quantities) {
      const level = this.levels.get(`${q.inventoryItemId}@${q.locationId}`);
      if (level) level.available = q.quantity;
    }
    const group = `gid://shopify/InventoryAdjustmentGroup/${this.calls.length}`;
    return Promise.resolve({ applied: true, adjustmentGroupId: group });
  }

  readLevels(inventoryItemId: string): Promise<LevelReading[]> {
    const prefix = `${inventoryItemId}@`;
    return Promise.resolve(
      [...this.levels]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, level]) => ({ locationId: key.slice(prefix.length), ...level })),
    );
  }
}
