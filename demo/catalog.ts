import type {
  ChangeEvent,
  ErpInventoryLevel,
  ErpItem,
  ShopifyInventoryLevel,
  ShopifyProduct,
} from '../schema/events';
import { toSecond } from './events';
import { PRODUCT_ADJECTIVES, PRODUCT_NOUNS, PRODUCT_TYPES, VENDORS, WAREHOUSES } from './names';
import { fromMinorUnits, percentOfMinor, toMinorUnits } from '../lib/money';
import { DAY_MS, isoAt } from './random';
import { shopifyId, type DemoContext, type DemoLocation, type DemoVariant } from './state';
import { adjustStock, sumOnHand } from './stock';

/**
 * Warehouses, products and stock: the same buildings under the same names in Shopify and the ERP,
 * one ERP item per SKU, and a stock level per SKU and warehouse in both systems.
 */

export interface CatalogOptions {
  products: number;
  deletedProducts: number;
  locations: number;
  /** Catalogue records are created before this instant; restocks happen between it and `end`. */
  start: number;
  end: number;
}

export function* buildCatalog(ctx: DemoContext, options: CatalogOptions): Generator<ChangeEvent> {
  const { state, random, events } = ctx;
  const since = options.start - 400 * DAY_MS;
  for (const warehouse of WAREHOUSES.slice(0, options.locations)) {
    const updatedAt = isoAt(toSecond(since + random.int(0, 30) * DAY_MS));
    const location: DemoLocation = {
      shopify: {
        id: shopifyId(state, 'location'),
        name: warehouse.name,
        isActive: true,
        updatedAt,
      },
      erp: {
        id: warehouse.code,
        code: warehouse.code,
        displayName: warehouse.name,
        lastModifiedDateTime: updatedAt,
      },
    };
    state.locations.push(location);
    yield events.upsert('shopify', 'location', location.shopify);
    yield events.upsert('erp', 'location', location.erp);
  }

  const titles = new Set<string>();
  const total = options.products + options.deletedProducts;
  const step = (options.start - DAY_MS - (since + 40 * DAY_MS)) / total;
  for (let index = 0; index < total; index++) {
    const createdAt = toSecond(since + 40 * DAY_MS + index * step);
    const product = newProduct(ctx, index, createdAt, titles);
    if (index >= options.products) {
      // A draft that never went on sale: no stock, no ERP item, no orders. Then it is deleted.
      const draft: ShopifyProduct = { ...product, status: 'DRAFT' };
      yield events.upsert('shopify', 'product', draft);
      const deletedAt = toSecond(createdAt + random.int(1, 20) * DAY_MS);
      yield events.remove('shopify', 'product', draft.id, deletedAt);
      continue;
    }
    yield events.upsert('shopify', 'product', product);
    yield* stockProduct(ctx, product, createdAt, options);
  }
}

function newProduct(
  ctx: DemoContext,
  index: number,
  createdAt: number,
  titles: Set<string>,
): ShopifyProduct {
  const { state, random } = ctx;
  const kind = random.pick(PRODUCT_TYPES);
  let title = `${random.pick(PRODUCT_ADJECTIVES)} ${random.pick(PRODUCT_NOUNS)} ${kind.type}`;
  if (titles.has(title)) title = `${title} ${index + 1}`;
  titles.add(title);
  // Whole dollars, or .50 and .99 endings, as a shop prices things.
  const base = random.int(kind.price[0] / 100, kind.price[1] / 100) * 100 - random.pick([0, 50, 1]);
  const count = random.int(1, Math.min(4, kind.options.length));
  const variants = kind.options.slice(0, count).map((option, position) => ({
    id: shopifyId(state, 'variant'),
    sku: `PLX-${kind.code}-${String(index + 1).padStart(4, '0')}-${skuPart(option)}`,
    title: option,
    price: fromMinorUnits(base + position * kind.bump),
    inventoryItemId: shopifyId(state, 'inventoryItem'),
  }));
  const at = isoAt(createdAt);
  return {
    id: shopifyId(state, 'product'),
    title,
    handle: slug(title),
    status: 'ACTIVE',
    vendor: random.pick(VENDORS),
    productType: kind.type,
    createdAt: at,
    updatedAt: at,
    variants,
  };
}

/** One ERP item per variant, stock at every warehouse, and for some levels a later restock. */
function* stockProduct(
  ctx: DemoContext,
  product: ShopifyProduct,
  createdAt: number,
  options: CatalogOptions,
): Generator<ChangeEvent> {
  const { state, random, events } = ctx;
  for (const shopifyVariant of product.variants) {
    const priceCents = toMinorUnits(shopifyVariant.price);
    const stockedAt = isoAt(createdAt + 2 * 3_600_000);
    const variant: DemoVariant = {
      sku: shopifyVariant.sku,
      variantId: shopifyVariant.id,
      title: `${product.title} - ${shopifyVariant.title}`,
      priceCents,
      product,
      // Its inventory is the sum of the levels below, filled in once they exist.
      item: newItem(ctx, product, shopifyVariant, priceCents, stockedAt),
      levels: [],
    };
    for (const location of state.locations) {
      const onHand = random.int(0, 240);
      const committed = random.int(0, Math.min(onHand, 12));
      const incoming = random.chance(0.2) ? random.int(2, 10) * 12 : 0;
      const shopify: ShopifyInventoryLevel = {
        id: `${shopifyVariant.inventoryItemId}:${location.shopify.id}`,
        inventoryItemId: shopifyVariant.inventoryItemId,
        locationId: location.shopify.id,
        sku: variant.sku,
        productId: product.id,
        quantities: { available: onHand - committed, onHand, committed, incoming },
        updatedAt: stockedAt,
      };
      const erp: ErpInventoryLevel = {
        id: `${variant.sku}:${location.erp.code}`,
        itemNumber: variant.sku,
        locationCode: location.erp.code,
        onHand,
        available: onHand - committed,
        committed,
        incoming,
        lastModifiedDateTime: stockedAt,
      };
      variant.levels.push({ variant, location, shopify, erp });
    }
    variant.item.inventory = sumOnHand(variant);
    state.variants.push(variant);
    yield events.upsert('erp', 'item', variant.item);
    for (const level of variant.levels) {
      yield events.upsert('erp', 'inventory-level', level.erp);
      yield events.upsert('shopify', 'inventory-level', level.shopify);
    }
    const restocks = variant.levels
      .filter(() => random.chance(0.3))
      .map((level) => ({ level, at: toSecond(random.int(options.start, options.end)) }))
      .sort((a, b) => a.at - b.at);
    for (const { level, at } of restocks) {
      const received = level.erp.incoming || random.int(2, 10) * 12;
      yield* adjustStock(ctx, level, { onHand: received, incoming: -level.erp.incoming }, at);
    }
  }
}

function newItem(
  ctx: DemoContext,
  product: ShopifyProduct,
  variant: ShopifyProduct['variants'][number],
  priceCents: number,
  at: string,
): ErpItem {
  // Cost is 35–65% of price, in whole cents, and never reaches it.
  const unitCost = Math.min(
    priceCents - 1,
    Math.max(1, percentOfMinor(priceCents, ctx.random.int(3500, 6500))),
  );
  return {
    id: ctx.random.uuid(),
    number: variant.sku,
    displayName: `${product.title}, ${variant.title}`,
    unitPrice: variant.price,
    unitCost: fromMinorUnits(unitCost),
    inventory: 0,
    lastModifiedDateTime: at,
  };
}

const skuPart = (option: string): string => option.toUpperCase().replace(/[^A-Z0-9]/g, '');

const slug = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
