import { createHash } from 'node:crypto';
import type { SalesOrderLineInput } from '../../connectors/businesscentral/writes';

/**
 * What one Shopify order calls for in Business Central, decided from the store alone (no vendor
 * call): one sales order with these lines, its cancellation, nothing (out of scope), or a wait for
 * a mapping. Pure, so that every rule is tested without a server.
 */

export type OrderScope = { kind: 'paid' } | { kind: 'all' };

export interface OrderToErpSettings {
  /** Which orders go: paid ones (paid, partially paid or refunded later) or all. */
  scope: OrderScope;
  /** Shopify location name → BC location name; unmapped names map to themselves. */
  locationMap: Map<string, string>;
  /** The Shopify location orders are fulfilled from; unset: lines carry no location. */
  shopifyLocation?: string;
  /** BC item number of a shipping line; unset: shipping is left to BC's own charges. */
  shippingItem?: string;
}

export interface OrderFacts {
  name: string;
  email: string | null;
  currency: string;
  totalPrice: string;
  subtotalPrice: string;
  totalTax: string;
  financialStatus: string;
  createdAt: Date;
  cancelledAt: Date | null;
  lines: Array<{ sku: string | null; title: string; quantity: number; unitPrice: string }>;
}

export interface Lookups {
  /** BC item numbers the store knows (ERP items). */
  itemNumbers: Set<string>;
  /** BC location ids by name, as the store knows them (ERP locations). */
  erpLocations: Map<string, string>;
}

export interface DesiredOrder {
  externalDocumentNumber: string;
  orderDate: string;
  currencyCode: string;
  email: string | undefined;
  lines: SalesOrderLineInput[];
}

export type Decision =
  | { kind: 'sync'; order: DesiredOrder; sourceVersion: string }
  | { kind: 'cancel'; externalDocumentNumber: string; sourceVersion: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'park'; reason: string };

const PAID = new Set(['paid', 'partially_paid', 'partially_refunded', 'refunded']);
const MAX_EXTERNAL_DOCUMENT_NUMBER = 35;

export function decide(
  order: OrderFacts,
  settings: OrderToErpSettings,
  lookups: Lookups,
): Decision {
  const externalDocumentNumber = order.name.slice(0, MAX_EXTERNAL_DOCUMENT_NUMBER);
  if (order.cancelledAt)
    return {
      kind: 'cancel',
      externalDocumentNumber,
      sourceVersion: hash(['cancel', externalDocumentNumber]),
    };
  if (settings.scope.kind === 'paid' && !PAID.has(order.financialStatus.toLowerCase()))
    return {
      kind: 'skip',
      reason: `order ${order.name} is ${order.financialStatus}, and only paid orders go to the ERP`,
    };
  let locationId: string | undefined;
  if (settings.shopifyLocation !== undefined) {
    const erpName =
      settings.locationMap.get(normalise(settings.shopifyLocation)) ?? settings.shopifyLocation;
    locationId = lookups.erpLocations.get(normalise(erpName));
    if (!locationId)
      return {
        kind: 'park',
        reason: `unmapped location: no ERP location named "${erpName}" (for Shopify location "${settings.shopifyLocation}")`,
      };
  }
  const unknown = order.lines.filter((l) => !l.sku || !lookups.itemNumbers.has(l.sku));
  if (unknown.length)
    return {
      kind: 'park',
      reason: `unknown SKU: ${[...new Set(unknown.map((l) => (l.sku ? l.sku : `(none on "${l.title}")`)))].join(', ')} not an ERP item`,
    };
  const lines: SalesOrderLineInput[] = order.lines
    .filter((l) => l.quantity > 0)
    .map((l) => ({
      lineType: 'Item',
      lineObjectNumber: l.sku as string,
      description: l.title.slice(0, 100),
      quantity: l.quantity,
      unitPrice: Number(l.unitPrice),
      ...(locationId ? { locationId } : {}),
    }));
  const shipping = shippingOf(order);
  if (settings.shippingItem && shipping > 0) {
    if (!lookups.itemNumbers.has(settings.shippingItem))
      return {
        kind: 'park',
        reason: `unknown SKU: shipping item ${settings.shippingItem} not an ERP item`,
      };
    lines.push({
      lineType: 'Item',
      lineObjectNumber: settings.shippingItem,
      description: 'Shipping',
      quantity: 1,
      unitPrice: shipping,
      ...(locationId ? { locationId } : {}),
    });
  }
  const desired: DesiredOrder = {
    externalDocumentNumber,
    orderDate: order.createdAt.toISOString().slice(0, 10),
    currencyCode: order.currency,
    email: order.email ?? undefined,
    lines,
  };
  return { kind: 'sync', order: desired, sourceVersion: hash(desired) };
}

/** Shipping is what the total holds beyond the lines (after discounts) and tax. */
export function shippingOf(
  order: Pick<OrderFacts, 'totalPrice' | 'subtotalPrice' | 'totalTax'>,
): number {
  const cents = (s: string) => Math.round(Number(s) * 100);
  return (
    Math.max(0, cents(order.totalPrice) - cents(order.subtotalPrice) - cents(order.totalTax)) / 100
  );
}

/** As the store joins locations across sources: trimmed, lower-cased, spaces collapsed. */
export const normalise = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

const hash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

export interface LineChange {
  add: SalesOrderLineInput[];
  change: Array<{ id: string; etag: string; quantity: number; unitPrice: number }>;
  remove: Array<{ id: string; etag: string }>;
}

/**
 * The line edits that bring an existing sales order in line with the desired lines, matched by
 * item and location: quantities and prices changed in place, missing lines added, extra removed.
 */
export function lineChanges(
  existing: Array<{
    id: string;
    etag: string;
    lineObjectNumber: string;
    locationId: string;
    quantity: number;
    unitPrice: number;
  }>,
  desired: SalesOrderLineInput[],
): LineChange {
  const slot = (number: string, location: string | undefined) =>
    `${number}@${(location ?? '').toLowerCase()}`;
  const NO_LOCATION = '00000000-0000-0000-0000-000000000000';
  const pool = new Map<string, typeof existing>();
  for (const line of existing) {
    const key = slot(line.lineObjectNumber, line.locationId === NO_LOCATION ? '' : line.locationId);
    pool.set(key, [...(pool.get(key) ?? []), line]);
  }
  const result: LineChange = { add: [], change: [], remove: [] };
  for (const want of desired) {
    const have = pool.get(slot(want.lineObjectNumber, want.locationId))?.shift();
    if (!have) result.add.push(want);
    else if (have.quantity !== want.quantity || have.unitPrice !== want.unitPrice)
      result.change.push({
        id: have.id,
        etag: have.etag,
        quantity: want.quantity,
        unitPrice: want.unitPrice,
      });
  }
  for (const left of pool.values())
    for (const line of left) result.remove.push({ id: line.id, etag: line.etag });
  return result;
}
