import type {
  ChangeEvent,
  ErpCustomer,
  ErpInventoryLevel,
  ErpItem,
  ErpLocation,
  ErpSalesOrder,
  ErpShipment,
} from '../../schema/events';
import { vendorMoney } from '../../lib/money';
import { createEvent } from '../../streams/codec';
import type {
  CustomerRecord,
  ItemRecord,
  ItemVariantRecord,
  LocationRecord,
  LocationStockRecord,
  SalesOrderRecord,
  SalesShipmentRecord,
} from './records';

/**
 * BC records → the `erp.*` payloads of schema/events/erp.ts. The event version is the record's
 * lastModifiedDateTime in epoch ms, so the projector's version gate orders them.
 */

export type ErpEntity =
  'customer' | 'item' | 'location' | 'inventory-level' | 'sales-order' | 'shipment';

/** BC's empty GUID: a line without a variant or a location. */
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** BC quantities are decimals (kilograms exist); the contract counts whole units. */
const units = (quantity: number): number => Math.round(quantity);

const orNull = (value: string): string | null => (value === '' ? null : value);
const instant = (value: string): string => new Date(value).toISOString();
const newest = (instants: string[]): string =>
  instants.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

export function mapCustomer(c: CustomerRecord, currencyCode: string): ErpCustomer {
  return {
    id: c.id,
    number: c.number,
    displayName: c.displayName,
    // As entered: the projector trims and lower-cases before matching.
    email: orNull(c.email),
    phoneNumber: orNull(c.phoneNumber),
    balanceDue: vendorMoney(c.balanceDue),
    currencyCode: c.currencyCode || currencyCode,
    lastModifiedDateTime: instant(c.lastModifiedDateTime),
  };
}

/**
 * An item with its variants (`itemVariants`), which the contract has no topic for: they ride
 * along as `variants`, and the item's change instant is the newest of the item and its variants.
 */
export type ErpItemWithVariants = ErpItem & {
  variants: { id: string; code: string; description: string }[];
};

export function mapItem(
  item: ItemRecord,
  variants: readonly ItemVariantRecord[],
): ErpItemWithVariants {
  return {
    id: item.id,
    number: item.number,
    displayName: item.displayName,
    unitPrice: vendorMoney(item.unitPrice),
    unitCost: vendorMoney(item.unitCost),
    inventory: units(item.inventory),
    variants: [...variants]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((v) => ({ id: v.id, code: v.code, description: v.description })),
    lastModifiedDateTime: instant(
      newest([item.lastModifiedDateTime, ...variants.map((v) => v.lastModifiedDateTime)]),
    ),
  };
}

/** The contract keys ERP locations by code (lines and levels cite codes, not GUIDs). */
export function mapLocation(l: LocationRecord): ErpLocation {
  return {
    id: l.code,
    code: l.code,
    displayName: l.displayName,
    lastModifiedDateTime: instant(l.lastModifiedDateTime),
  };
}

/** `<itemNumber>:<locationCode>`; a variant's stock adds its code: `<item>:<variant>:<location>`. */
export const levelId = (
  s: Pick<LocationStockRecord, 'itemNumber' | 'variantCode' | 'locationCode'>,
) =>
  s.variantCode
    ? `${s.itemNumber}:${s.variantCode}:${s.locationCode}`
    : `${s.itemNumber}:${s.locationCode}`;

export function mapInventoryLevel(s: LocationStockRecord): ErpInventoryLevel {
  return {
    id: levelId(s),
    itemNumber: s.itemNumber,
    locationCode: s.locationCode,
    onHand: units(s.onHand),
    available: units(s.available),
    committed: units(s.committed),
    incoming: units(s.incoming),
    ...(s.variantCode ? { variantCode: s.variantCode } : {}),
    lastModifiedDateTime: instant(s.lastModifiedDateTime),
  };
}

export interface OrderLookups {
  currencyCode: string;
  /** Location GUID → code. */
  locationCode(id: string): string | undefined;
  /** Item variant GUID → variant code. */
  variantCode(id: string): string | undefined;
}

/** Only item lines: comment, G/L account and resource lines have no SKU. */
export function mapSalesOrder(o: SalesOrderRecord, lookups: OrderLookups): ErpSalesOrder {
  const lines = o.salesOrderLines
    .filter((l) => l.lineType === 'Item')
    .sort((a, b) => a.sequence - b.sequence)
    .map((l) => {
      const variantCode =
        l.itemVariantId && l.itemVariantId !== EMPTY_GUID
          ? lookups.variantCode(l.itemVariantId)
          : undefined;
      const locationCode =
        l.locationId && l.locationId !== EMPTY_GUID
          ? lookups.locationCode(l.locationId)
          : undefined;
      return {
        sku: l.lineObjectNumber,
        quantity: units(l.quantity),
        shippedQuantity: units(l.shippedQuantity),
        unitPrice: vendorMoney(l.unitPrice),
        locationCode: locationCode ?? null,
        ...(variantCode ? { variantCode } : {}),
      };
    });
  return {
    id: o.id,
    number: o.number,
    externalDocumentNumber: o.externalDocumentNumber,
    customerNumber: o.customerNumber,
    orderDate: o.orderDate,
    status: o.status,
    currencyCode: o.currencyCode || lookups.currencyCode,
    totalAmountIncludingTax: vendorMoney(o.totalAmountIncludingTax),
    lines,
    lastModifiedDateTime: instant(o.lastModifiedDateTime),
  };
}

export function mapShipment(s: SalesShipmentRecord): ErpShipment {
  return {
    id: s.id,
    number: s.number,
    orderNumber: s.orderNumber,
    postingDate: s.postingDate,
    ...(s.packageTrackingNo ? { trackingNumber: s.packageTrackingNo } : {}),
    ...(s.shippingAgentCode ? { trackingCompany: s.shippingAgentCode } : {}),
    ...(s.trackingUrl ? { trackingUrl: s.trackingUrl } : {}),
    lastModifiedDateTime: instant(s.lastModifiedDateTime),
  };
}

export function upsertEvent(
  entity: ErpEntity,
  payload: { id: string; lastModifiedDateTime: string },
): ChangeEvent {
  return createEvent({
    source: 'erp',
    entity,
    op: 'upsert',
    sourceId: payload.id,
    version: Date.parse(payload.lastModifiedDateTime),
    occurredAt: payload.lastModifiedDateTime,
    payload: payload as unknown as Record<string, unknown>,
  });
}

/** A delete: payload null, version the deletion instant BC reported, in epoch ms. */
export function deleteEvent(entity: ErpEntity, sourceId: string, at: string): ChangeEvent {
  return createEvent({
    source: 'erp',
    entity,
    op: 'delete',
    sourceId,
    version: Date.parse(at),
    occurredAt: instant(at),
    payload: null,
  });
}
