import type {
  ChangeEvent,
  ShopifyCustomer,
  ShopifyInventoryLevel,
  ShopifyLocation,
  ShopifyOrder,
  ShopifyProduct,
} from '../../schema/events';
import { PRODUCT_STATUSES, TRANSACTION_KINDS } from '../../schema/events';
import { createEvent } from '../../streams/codec';
import type {
  CustomerNode,
  InventoryLevelNode,
  LocationNode,
  MoneyBag,
  OrderNode,
  ProductNode,
  TransactionNode,
} from './types';

/**
 * Admin GraphQL nodes → the `shopify.*` payloads of docs/architecture.md. Ids become Shopify's
 * numeric ids (the contract's ids are not gids); instants are normalised to UTC ISO strings.
 */

/** `gid://shopify/Order/123` → `123` (inventory level gids carry a query string: dropped). */
export function numericId(gid: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)/.exec(gid);
  return match?.[1] ?? gid;
}

export const isoInstant = (value: string): string => new Date(value).toISOString();

/** The event version: the record's updated-at in epoch milliseconds. */
export const versionOf = (updatedAt: string): number => Date.parse(updatedAt);

const money = (bag: MoneyBag | null | undefined): string => bag?.shopMoney.amount ?? '0.00';
const orNull = <T>(value: T | null | undefined): T | null => value ?? null;
const lower = (value: string): string => value.toLowerCase();

export function mapCustomer(node: CustomerNode): ShopifyCustomer {
  return {
    id: numericId(node.id),
    email: orNull(node.email),
    firstName: orNull(node.firstName),
    lastName: orNull(node.lastName),
    phone: orNull(node.phone),
    addresses: node.addresses.map((a) => ({
      address1: orNull(a.address1),
      city: orNull(a.city),
      province: orNull(a.province),
      country: orNull(a.country),
      zip: orNull(a.zip),
    })),
    createdAt: isoInstant(node.createdAt),
    updatedAt: isoInstant(node.updatedAt),
  };
}

// GraphQL's display statuses, in the REST vocabulary the contract uses (`fulfilled`, `partial`).
const FULFILLMENT_STATUS: Record<string, string | null> = {
  FULFILLED: 'fulfilled',
  PARTIALLY_FULFILLED: 'partial',
  UNFULFILLED: null,
  RESTOCKED: 'restocked',
};

export function fulfillmentStatus(display: string | null | undefined): string | null {
  if (!display) return null;
  return display in FULFILLMENT_STATUS ? (FULFILLMENT_STATUS[display] ?? null) : lower(display);
}

type Kind = (typeof TRANSACTION_KINDS)[number];

/** The contract's kinds; CHANGE (cash handed back) and SUGGESTED_REFUND move no money: dropped. */
export function transactionKind(kind: string): Kind | undefined {
  const k = lower(kind);
  if (k === 'emv_authorization') return 'authorization';
  return (TRANSACTION_KINDS as readonly string[]).includes(k) ? (k as Kind) : undefined;
}

function mapTransactions(nodes: TransactionNode[]): ShopifyOrder['transactions'] {
  const out: ShopifyOrder['transactions'] = [];
  for (const t of nodes) {
    const kind = transactionKind(t.kind);
    if (!kind) continue;
    out.push({
      id: numericId(t.id),
      kind,
      status: lower(t.status),
      amount: money(t.amountSet),
      gateway: t.gateway ?? 'unknown',
      createdAt: isoInstant(t.createdAt),
    });
  }
  return out;
}

export function mapOrder(node: OrderNode): ShopifyOrder {
  return {
    id: numericId(node.id),
    name: node.name,
    email: orNull(node.email),
    customerId: node.customer ? numericId(node.customer.id) : null,
    currency: node.currencyCode,
    totalPrice: money(node.totalPriceSet),
    subtotalPrice: money(node.subtotalPriceSet),
    totalTax: money(node.totalTaxSet),
    financialStatus: node.displayFinancialStatus ? lower(node.displayFinancialStatus) : 'pending',
    fulfillmentStatus: fulfillmentStatus(node.displayFulfillmentStatus),
    createdAt: isoInstant(node.createdAt),
    updatedAt: isoInstant(node.updatedAt),
    cancelledAt: node.cancelledAt ? isoInstant(node.cancelledAt) : null,
    lineItems: node.lineItems.nodes.map((l) => ({
      id: numericId(l.id),
      sku: orNull(l.sku),
      title: l.title,
      quantity: l.quantity,
      unitPrice: money(l.originalUnitPriceSet),
      variantId: l.variant ? numericId(l.variant.id) : null,
    })),
    refunds: node.refunds.map((r) => ({
      id: numericId(r.id),
      createdAt: isoInstant(r.createdAt ?? node.updatedAt),
      amount: money(r.totalRefundedSet),
      note: orNull(r.note),
    })),
    transactions: mapTransactions(node.transactions),
    fulfillments: node.fulfillments.map((f) => ({
      id: numericId(f.id),
      status: lower(f.status),
      trackingNumber: orNull(f.trackingInfo[0]?.number),
      trackingCompany: orNull(f.trackingInfo[0]?.company),
      createdAt: isoInstant(f.createdAt),
    })),
  };
}

const productStatus = (status: string): ShopifyProduct['status'] =>
  (PRODUCT_STATUSES as readonly string[]).includes(status)
    ? (status as ShopifyProduct['status'])
    : 'DRAFT';

export function mapProduct(node: ProductNode): ShopifyProduct {
  return {
    id: numericId(node.id),
    title: node.title,
    handle: node.handle,
    status: productStatus(node.status),
    vendor: node.vendor || null,
    productType: node.productType || null,
    createdAt: isoInstant(node.createdAt),
    updatedAt: isoInstant(node.updatedAt),
    // The hub joins variants on SKU; one without a SKU cannot be joined to anything.
    variants: node.variants.nodes
      .filter((v) => v.sku?.trim())
      .map((v) => ({
        id: numericId(v.id),
        sku: v.sku ?? '',
        title: v.title,
        price: v.price,
        inventoryItemId: numericId(v.inventoryItem.id),
      })),
  };
}

export function mapLocation(node: LocationNode): ShopifyLocation {
  return {
    id: numericId(node.id),
    name: node.name,
    isActive: node.isActive,
    updatedAt: isoInstant(node.updatedAt),
  };
}

/** Null when the item has no SKU: stock is joined to variants by SKU. */
export function mapInventoryLevel(node: InventoryLevelNode): ShopifyInventoryLevel | null {
  if (!node.item.sku?.trim()) return null;
  const q = new Map(node.quantities.map((x) => [x.name, x.quantity]));
  const inventoryItemId = numericId(node.item.id);
  const locationId = numericId(node.location.id);
  return {
    id: `${inventoryItemId}:${locationId}`,
    inventoryItemId,
    locationId,
    sku: node.item.sku,
    productId: numericId(node.item.variant.product.id),
    quantities: {
      available: q.get('available') ?? 0,
      onHand: q.get('on_hand') ?? 0,
      committed: q.get('committed') ?? 0,
      incoming: q.get('incoming') ?? 0,
    },
    updatedAt: isoInstant(node.updatedAt),
  };
}

export type ShopifyEntity = 'customer' | 'order' | 'product' | 'location' | 'inventory-level';

interface Versioned {
  id: string;
  updatedAt: string;
}

/** An upsert event whose version is the payload's updatedAt in epoch ms. */
export function upsertEvent<P extends Versioned>(entity: ShopifyEntity, payload: P): ChangeEvent {
  return createEvent({
    source: 'shopify',
    entity,
    op: 'upsert',
    sourceId: payload.id,
    version: versionOf(payload.updatedAt),
    occurredAt: payload.updatedAt,
    payload: payload as unknown as Record<string, unknown>,
  });
}

/** A delete: payload null, version the deletion instant in epoch ms. */
export function deleteEvent(entity: ShopifyEntity, sourceId: string, deletedAt: Date): ChangeEvent {
  return createEvent({
    source: 'shopify',
    entity,
    op: 'delete',
    sourceId,
    version: deletedAt.getTime(),
    occurredAt: deletedAt.toISOString(),
    payload: null,
  });
}
