import { GraphQLError } from 'graphql';
import { idOf } from './ids';
import { quantityNames, type QuantityName, type ShopStore } from './store';

// inventorySetQuantities as Shopify does it: compare-and-set per quantity (COMPARE_QUANTITY_STALE
// when the stored value moved on), all or nothing: one error and no quantity changes.
export interface SetQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  ignoreCompareQuantity?: boolean | null;
  quantities: {
    inventoryItemId: string;
    locationId: string;
    quantity: number;
    compareQuantity?: number | null;
  }[];
}

type Code =
  | 'INVALID_INVENTORY_ITEM'
  | 'INVALID_LOCATION'
  | 'INVALID_REASON'
  | 'INVALID_NAME'
  | 'ITEM_NOT_STOCKED_AT_LOCATION'
  | 'COMPARE_QUANTITY_REQUIRED'
  | 'COMPARE_QUANTITY_STALE'
  | 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR';

interface UserError {
  code: Code;
  field: string[];
  message: string;
}

/** Reasons Shopify accepts for inventory changes. */
export const inventoryReasons = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_canceled',
  'movement_created',
  'movement_received',
  'movement_updated',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

/** Shopify's cap on every input array. */
export const maxInputSize = 250;

export function setQuantities(store: ShopStore, input: SetQuantitiesInput) {
  if (input.quantities.length > maxInputSize) {
    // Shopify refuses the whole call, not one quantity: a top-level error, no payload.
    throw new GraphQLError(
      `The input array size of ${input.quantities.length} is greater than the maximum allowed of ${maxInputSize}.`,
      {
        path: ['inventorySetQuantities', 'input', 'quantities'],
        extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
      },
    );
  }
  const errors: UserError[] = [];
  if (input.name !== 'available' && input.name !== 'on_hand') {
    errors.push({
      code: 'INVALID_NAME',
      field: ['input', 'name'],
      message: "The quantity name must be either 'available' or 'on_hand'.",
    });
  }
  if (!inventoryReasons.has(input.reason)) {
    errors.push({
      code: 'INVALID_REASON',
      field: ['input', 'reason'],
      message: 'The specified reason is invalid.',
    });
  }
  const name = input.name as QuantityName;
  const seen = new Set<string>();
  const writes = input.quantities.flatMap((q, i) => {
    const field = (f: string) => ['input', 'quantities', String(i), f];
    const itemId = idOf(q.inventoryItemId, 'InventoryItem');
    const locationId = idOf(q.locationId, 'Location');
    if (itemId === undefined || !store.inventoryItems.has(itemId)) {
      errors.push({
        code: 'INVALID_INVENTORY_ITEM',
        field: field('inventoryItemId'),
        message: 'The specified inventory item could not be found.',
      });
      return [];
    }
    if (locationId === undefined || !store.locations.has(locationId)) {
      errors.push({
        code: 'INVALID_LOCATION',
        field: field('locationId'),
        message: 'The specified location could not be found.',
      });
      return [];
    }
    const key = store.levelKey(itemId, locationId);
    if (seen.has(key)) {
      errors.push({
        code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
        field: field('inventoryItemId'),
        message: 'The combination of inventoryItemId and locationId must be unique.',
      });
      return [];
    }
    seen.add(key);
    const level = store.inventoryLevels.get(key);
    if (!level) {
      errors.push({
        code: 'ITEM_NOT_STOCKED_AT_LOCATION',
        field: field('locationId'),
        message: 'The specified inventory item is not stocked at the location.',
      });
      return [];
    }
    if (!input.ignoreCompareQuantity && errors.length === 0) {
      if (q.compareQuantity == null) {
        errors.push({
          code: 'COMPARE_QUANTITY_REQUIRED',
          field: field('compareQuantity'),
          message:
            'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
        });
        return [];
      }
      if (level.quantities[name] !== q.compareQuantity) {
        errors.push({
          code: 'COMPARE_QUANTITY_STALE',
          field: field('compareQuantity'),
          message: 'The compareQuantity argument no longer matches the persisted quantity.',
        });
        return [];
      }
    }
    return [{ level, quantity: q.quantity }];
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  // Shopify lists each quantity that moved: the one set and, for `available`/`on_hand`, its twin.
  const changes = writes.flatMap(({ level, quantity }) => {
    const before = { ...level.quantities };
    store.setQuantity(level, name, quantity);
    const item = store.inventoryItems.get(level.inventoryItemId);
    const location = store.locations.get(level.locationId);
    return quantityNames
      .filter((n) => level.quantities[n] !== before[n] || n === name)
      .map((n) => ({
        name: n,
        delta: level.quantities[n] - before[n],
        quantityAfterChange: level.quantities[n],
        item,
        location,
        ledgerDocumentUri: null,
      }));
  });
  return {
    inventoryAdjustmentGroup: {
      id: store.newId(),
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri ?? null,
      createdAt: store.stamp(),
      changes,
    },
    userErrors: [],
  };
}
