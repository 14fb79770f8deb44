import type { ChangeEvent } from '../../schema/events';
import {
  CUSTOMERS_QUERY,
  INVENTORY_LEVELS_QUERY,
  INVENTORY_LEVELS_SINCE_QUERY,
  LOCATIONS_QUERY,
  ORDER_LINE_LIMIT,
  ORDERS_QUERY,
  PAGE_SIZES,
  PRODUCTS_QUERY,
} from './documents';
import {
  mapCustomer,
  mapInventoryLevel,
  mapLocation,
  mapOrder,
  mapProduct,
  upsertEvent,
  type ShopifyEntity,
} from './mapping';
import type {
  CustomerNode,
  InventoryLevelNode,
  LocationNode,
  OrderNode,
  Page,
  ProductNode,
} from './types';

/**
 * How each entity is read page by page: its document, page size, where the connection sits in the
 * response, and how a node becomes events. Backfill and reconciliation share these.
 */
export interface PagedEntity<N extends { updatedAt: string } = { updatedAt: string }> {
  entity: ShopifyEntity;
  document: string;
  pageSize: number;
  /** The document declares no `$query` variable. */
  withoutSearch?: boolean;
  /** Extra variables (the location of an inventory-level read). */
  variables?: Record<string, unknown>;
  connection(data: unknown): Page<N> | undefined;
  toEvents(node: N): ChangeEvent[];
  /** A reason to warn about a node (a nested list that may be cut off), if any. */
  warning?(node: N): string | undefined;
}

const root =
  <N>(field: string) =>
  (data: unknown): Page<N> | undefined =>
    (data as Record<string, Page<N> | undefined> | null)?.[field];

export const customers: PagedEntity<CustomerNode> = {
  entity: 'customer',
  document: CUSTOMERS_QUERY,
  pageSize: PAGE_SIZES.customers,
  connection: root('customers'),
  toEvents: (n) => [upsertEvent('customer', mapCustomer(n))],
};

export const orders: PagedEntity<OrderNode> = {
  entity: 'order',
  document: ORDERS_QUERY,
  pageSize: PAGE_SIZES.orders,
  connection: root('orders'),
  toEvents: (n) => [upsertEvent('order', mapOrder(n))],
  warning: (n) =>
    n.lineItems.nodes.length >= ORDER_LINE_LIMIT
      ? `order ${n.name} has ${ORDER_LINE_LIMIT}+ lines; lines beyond are not read`
      : undefined,
};

export const products: PagedEntity<ProductNode> = {
  entity: 'product',
  document: PRODUCTS_QUERY,
  pageSize: PAGE_SIZES.products,
  connection: root('products'),
  toEvents: (n) => [upsertEvent('product', mapProduct(n))],
};

export const locations: PagedEntity<LocationNode> = {
  entity: 'location',
  document: LOCATIONS_QUERY,
  pageSize: PAGE_SIZES.locations,
  connection: root('locations'),
  toEvents: (n) => [upsertEvent('location', mapLocation(n))],
};

/** `filtered`: the document that takes an updated_at search (reconciliation, `since`). */
export function inventoryLevelsAt(
  locationId: string,
  filtered: boolean,
): PagedEntity<InventoryLevelNode> {
  return {
    entity: 'inventory-level',
    document: filtered ? INVENTORY_LEVELS_SINCE_QUERY : INVENTORY_LEVELS_QUERY,
    withoutSearch: !filtered,
    pageSize: PAGE_SIZES.inventoryLevels,
    variables: { locationId },
    connection: (data) =>
      (data as { location: { inventoryLevels: Page<InventoryLevelNode> } | null } | null)?.location
        ?.inventoryLevels,
    toEvents: (n) => {
      const level = mapInventoryLevel(n);
      return level ? [upsertEvent('inventory-level', level)] : [];
    },
  };
}

/** The order a full read goes in: locations first, so levels can be read per location. */
export const TOP_LEVEL = [locations, products, customers, orders] as const;
