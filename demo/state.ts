import type {
  AccountingCreditMemo,
  AccountingCustomer,
  AccountingInvoice,
  AccountingJournalEntry,
  AccountingPayment,
  CrmContact,
  CrmDeal,
  ErpCustomer,
  ErpInventoryLevel,
  ErpItem,
  ErpLocation,
  ErpSalesOrder,
  ErpShipment,
  ShopifyCustomer,
  ShopifyInventoryLevel,
  ShopifyLocation,
  ShopifyOrder,
  ShopifyProduct,
} from '../schema/events';
import type { EventMaker } from './events';
import type { Random } from './random';

/**
 * What the generator knows about the demo world as it builds it: the latest payload of every
 * record that later events change, so that every follow-up fits what came before.
 */

export interface DemoLocation {
  shopify: ShopifyLocation;
  erp: ErpLocation;
}

export interface DemoStockLevel {
  variant: DemoVariant;
  location: DemoLocation;
  shopify: ShopifyInventoryLevel;
  erp: ErpInventoryLevel;
}

export interface DemoVariant {
  sku: string;
  variantId: string;
  /** Product title and variant title, as order lines and invoices print it. */
  title: string;
  priceCents: number;
  product: ShopifyProduct;
  item: ErpItem;
  levels: DemoStockLevel[];
}

/** One person as the four systems know them; the optional ones are absent in that system. */
export interface DemoPerson {
  shopify: ShopifyCustomer;
  erp?: ErpCustomer;
  crm?: CrmContact;
  accounting?: AccountingCustomer;
  /** Sales tax of the person's state, in basis points. */
  taxBp: number;
  /** Unpaid invoices in the books, in cents; both balances (ERP and accounting) show it. */
  openCents: number;
  /** When openCents last changed, so the balance update can be dated after it. */
  balanceChangedAt: number;
  orderCount: number;
  lastOrderAt: number;
}

export interface DemoOrder {
  person?: DemoPerson;
  taxBp: number;
  /** The warehouse that ships the whole order. */
  location: DemoLocation;
  order: ShopifyOrder;
  salesOrder?: ErpSalesOrder;
  shipment?: ErpShipment;
  invoice?: AccountingInvoice;
  payment?: AccountingPayment;
  fee?: AccountingJournalEntry;
  creditMemos: AccountingCreditMemo[];
}

export interface DemoState {
  currency: string;
  locations: DemoLocation[];
  variants: DemoVariant[];
  persons: DemoPerson[];
  /** CRM contacts that never bought anything. */
  leads: CrmContact[];
  deals: CrmDeal[];
  sequences: Map<string, number>;
}

export function createDemoState(): DemoState {
  return {
    currency: 'USD',
    locations: [],
    variants: [],
    persons: [],
    leads: [],
    deals: [],
    sequences: new Map(),
  };
}

/** What every builder needs: the world so far, a random source and a way to make events. */
export interface DemoContext {
  state: DemoState;
  random: Random;
  events: EventMaker;
  /**
   * The delay between a change and the follow-ups it causes in other systems (the ERP sync, the
   * payout, the invoice), in milliseconds.
   */
  lag(minMinutes: number, maxMinutes: number): number;
}

export function nextSequence(state: DemoState, name: string): number {
  const next = (state.sequences.get(name) ?? 0) + 1;
  state.sequences.set(name, next);
  return next;
}

// Shopify ids are 11- to 14-digit numbers; a distinct prefix per kind keeps them recognisable.
// Prefix and zero-padded counter are joined as strings: formatting a small number is much cheaper
// than formatting a 14-digit one, and the generator makes millions of ids.
const SHOPIFY_PREFIXES = {
  customer: '7408',
  order: '5612',
  lineItem: '13712',
  refund: '9012',
  transaction: '6912',
  fulfillment: '4812',
  product: '8012',
  variant: '44123',
  inventoryItem: '46123',
  location: '71234',
} as const;

export function shopifyId(state: DemoState, kind: keyof typeof SHOPIFY_PREFIXES): string {
  const n = String(nextSequence(state, kind));
  const width = kind === 'location' ? 6 : 9;
  return SHOPIFY_PREFIXES[kind] + (n.length < width ? '0'.repeat(width - n.length) + n : n);
}

/** HubSpot and QuickBooks number their objects; each kind gets its own range. */
export function numericId(state: DemoState, kind: string, base: number): string {
  return String(base + nextSequence(state, kind));
}
