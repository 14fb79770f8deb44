import { GraphQLError } from 'graphql';
import { paginate, type PageArgs } from '../connection';
import { gid, idOf } from '../ids';
import { filterBySearch, type FieldReader } from '../search';
import {
  quantityNames,
  type InventoryItem,
  type InventoryLevel,
  type Location,
  type Product,
  type QuantityName,
  type Variant,
} from '../store';
import { available, legacy, levelGid, r, type Resolver } from './context';

const levelFields: Record<string, FieldReader<InventoryLevel>> = {
  updated_at: (l) => l.updatedAt,
  created_at: (l) => l.createdAt,
  id: (l) => l.id,
  inventory_item_id: (l) => l.inventoryItemId,
};

// Products, variants and the inventory chain: item → level (item × location) → quantities.
export const catalogResolvers: Record<string, Record<string, Resolver>> = {
  Product: {
    id: r<Product>((p) => gid('Product', p.id)),
    legacyResourceId: legacy,
    totalInventory: r<Product>((p, _, ctx) =>
      p.variantIds.reduce((sum, id) => sum + available(ctx, ctx.store.variants.get(id)), 0),
    ),
    variants: r<Product, PageArgs>((p, args, ctx) => {
      const variants = p.variantIds.flatMap((id) => ctx.store.variants.get(id) ?? []);
      return paginate(variants, args, {
        id: (v) => v.id,
        sortValue: (v) => v.position,
        unbounded: ctx.unbounded,
      });
    }),
  },
  ProductVariant: {
    id: r<Variant>((v) => gid('ProductVariant', v.id)),
    legacyResourceId: legacy,
    displayName: r<Variant>(
      (v, _, ctx) => `${ctx.store.products.get(v.productId)?.title ?? ''} - ${v.title}`,
    ),
    inventoryQuantity: r<Variant>((v, _, ctx) => available(ctx, v)),
    inventoryItem: r<Variant>((v, _, ctx) => ctx.store.inventoryItems.get(v.inventoryItemId)),
    product: r<Variant>((v, _, ctx) => ctx.store.products.get(v.productId)),
  },
  InventoryItem: {
    id: r<InventoryItem>((i) => gid('InventoryItem', i.id)),
    legacyResourceId: legacy,
    variant: r<InventoryItem>((i, _, ctx) => ctx.store.variants.get(i.variantId)),
    inventoryLevel: r<InventoryItem, { locationId: string }>(
      (i, { locationId }, ctx) =>
        ctx.store.inventoryLevels.get(
          ctx.store.levelKey(i.id, idOf(locationId, 'Location') ?? -1),
        ) ?? null,
    ),
    inventoryLevels: r<InventoryItem, PageArgs>((i, args, ctx) =>
      paginate(ctx.store.levelsOfItem(i.id), args, { id: (l) => l.id, unbounded: ctx.unbounded }),
    ),
  },
  InventoryLevel: {
    id: r<InventoryLevel>(levelGid),
    item: r<InventoryLevel>((l, _, ctx) => ctx.store.inventoryItems.get(l.inventoryItemId)),
    location: r<InventoryLevel>((l, _, ctx) => ctx.store.locations.get(l.locationId)),
    quantities: r<InventoryLevel, { names: string[] }>((l, { names }) =>
      names.map((name) => {
        if (!(quantityNames as readonly string[]).includes(name)) {
          throw new GraphQLError(`${name} is not a valid inventory quantity name.`, {
            extensions: { code: 'BAD_REQUEST' },
          });
        }
        return {
          id: `gid://shopify/InventoryQuantity/${l.id}?inventory_item_id=${l.inventoryItemId}&name=${name}`,
          name,
          quantity: l.quantities[name as QuantityName],
          updatedAt: l.updatedAt,
        };
      }),
    ),
  },
  Location: {
    id: r<Location>((l) => gid('Location', l.id)),
    legacyResourceId: legacy,
    inventoryLevel: r<Location, { inventoryItemId: string }>(
      (l, { inventoryItemId }, ctx) =>
        ctx.store.inventoryLevels.get(
          ctx.store.levelKey(idOf(inventoryItemId, 'InventoryItem') ?? -1, l.id),
        ) ?? null,
    ),
    // 2025-01's `query:` on a location's levels; the sandbox knows its updated_at, created_at,
    // id and inventory_item_id terms (what a reconciliation poll filters on).
    inventoryLevels: r<Location, PageArgs & { query?: string | null }>((l, args, ctx) =>
      paginate(filterBySearch(ctx.store.levelsAtLocation(l.id), args.query, levelFields), args, {
        id: (x) => x.id,
        unbounded: ctx.unbounded,
      }),
    ),
  },
};
