// The records of the sandbox shop. They keep Shopify's numeric ids (gids are built from them at
// the edge) and money as decimal strings with two places, as the Admin API returns them.

export interface Address {
  id: number;
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  provinceCode: string;
  country: string;
  countryCode: string;
  zip: string;
  phone: string | null;
}

export interface Customer {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  verifiedEmail: boolean;
  addresses: Address[];
  createdAt: string;
  updatedAt: string;
}

export interface LineItem {
  id: number;
  variantId: number | null;
  productId: number | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  unitPrice: string;
  /**
   * Where the line's units were committed when the order was placed (stock.ts), as Shopify
   * assigns an order's lines to locations; absent on seeded history, which holds no stock.
   */
  stockFrom?: { locationId: number; quantity: number }[];
}

export interface Refund {
  id: number;
  orderId: number;
  amount: string;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export type TransactionKind = 'SALE' | 'CAPTURE' | 'AUTHORIZATION' | 'VOID' | 'REFUND';
export type TransactionStatus = 'SUCCESS' | 'FAILURE' | 'PENDING' | 'ERROR';

export interface Transaction {
  id: number;
  kind: TransactionKind;
  status: TransactionStatus;
  amount: string;
  gateway: string;
  createdAt: string;
}

export interface Fulfillment {
  id: number;
  /** `#1001-F1`, as Shopify names them. */
  name: string;
  status: 'PENDING' | 'OPEN' | 'SUCCESS' | 'CANCELLED' | 'ERROR' | 'FAILURE';
  trackingNumber: string | null;
  trackingCompany: string | null;
  trackingUrl?: string | null;
  /** Where it shipped from (fulfillmentCreate); the seed's fulfilments name none. */
  locationId?: number | null;
  /** The quantities it fulfilled; absent means every line in full (the seed's fulfilments). */
  lines?: { lineItemId: number; quantity: number }[];
  createdAt: string;
  updatedAt: string;
}

export type FulfillmentOrderStatus =
  'OPEN' | 'IN_PROGRESS' | 'CANCELLED' | 'INCOMPLETE' | 'CLOSED' | 'SCHEDULED' | 'ON_HOLD';

/** The work of shipping an order's lines from one location (sandbox/shopify/fulfillment-orders.ts). */
export interface FulfillmentOrder {
  id: number;
  orderId: number;
  locationId: number | null;
  status: FulfillmentOrderStatus;
  lineItems: {
    id: number;
    lineItemId: number;
    totalQuantity: number;
    remainingQuantity: number;
  }[];
  createdAt: string;
  updatedAt: string;
}

export type FinancialStatus = 'PENDING' | 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED';
export type FulfillmentStatus = 'UNFULFILLED' | 'PARTIALLY_FULFILLED' | 'FULFILLED';

export interface Order {
  id: number;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  customerId: number | null;
  currency: string;
  lineItems: LineItem[];
  subtotal: string;
  tax: string;
  total: string;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  refunds: Refund[];
  transactions: Transaction[];
  fulfillments: Fulfillment[];
  processedAt: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closedAt: string | null;
}

export interface Product {
  id: number;
  title: string;
  handle: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
  vendor: string;
  productType: string;
  tags: string[];
  variantIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface Variant {
  id: number;
  productId: number;
  title: string;
  sku: string;
  barcode: string | null;
  price: string;
  position: number;
  inventoryItemId: number;
  /** DENY (Shopify's default): no sale beyond the available stock; CONTINUE sells on. */
  inventoryPolicy: 'DENY' | 'CONTINUE';
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItem {
  id: number;
  variantId: number;
  sku: string;
  tracked: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Location {
  id: number;
  name: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Quantity names Shopify knows; `available` + `committed` + reserved etc. make `on_hand`. */
export const quantityNames = [
  'available',
  'on_hand',
  'committed',
  'reserved',
  'incoming',
  'damaged',
  'quality_control',
  'safety_stock',
] as const;
export type QuantityName = (typeof quantityNames)[number];

export interface InventoryLevel {
  id: number;
  inventoryItemId: number;
  locationId: number;
  quantities: Record<QuantityName, number>;
  createdAt: string;
  updatedAt: string;
}

export type Change =
  | { kind: 'customer'; op: 'create' | 'update' | 'delete'; customer: Customer }
  | { kind: 'order'; op: 'create' | 'update'; order: Order }
  | { kind: 'refund'; op: 'create'; order: Order; refund: Refund }
  | { kind: 'product'; op: 'create' | 'update' | 'delete'; product: Product }
  | { kind: 'inventory_level'; op: 'update'; level: InventoryLevel }
  | { kind: 'compliance'; request: ComplianceRequest; customer?: Customer };

/** The mandatory privacy webhooks every Shopify app receives. */
export type ComplianceRequest = 'customers/data_request' | 'customers/redact' | 'shop/redact';

export type ChangeListener = (change: Change) => void;

export function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function money(centsValue: number): string {
  return (centsValue / 100).toFixed(2);
}

/** A third of the catalogue is on sale, a quarter off; the rest has no compare-at price. */
export function compareAtPrice(variant: Variant): string | null {
  return variant.productId % 3 === 0 ? money(Math.round(cents(variant.price) * 1.25)) : null;
}
