import { z } from 'zod';

/**
 * The BC API v2.0 fields the connector relies on, validated per record (unknown fields are
 * dropped). Amounts and quantities are JSON numbers; strings BC leaves empty arrive as ''.
 */

const instant = z.iso.datetime({ offset: true });
const day = z.iso.date();

export const customerRecord = z.object({
  id: z.string().min(1),
  number: z.string(),
  displayName: z.string(),
  email: z.string().default(''),
  phoneNumber: z.string().default(''),
  balanceDue: z.number().default(0),
  currencyCode: z.string().default(''),
  lastModifiedDateTime: instant,
});

export const itemRecord = z.object({
  id: z.string().min(1),
  number: z.string().min(1),
  displayName: z.string(),
  unitPrice: z.number(),
  unitCost: z.number(),
  inventory: z.number(),
  lastModifiedDateTime: instant,
});

export const itemVariantRecord = z.object({
  id: z.string().min(1),
  itemId: z.string().min(1),
  code: z.string().min(1),
  description: z.string().default(''),
  lastModifiedDateTime: instant,
});

export const locationRecord = z.object({
  id: z.string().min(1),
  code: z.string().min(1),
  displayName: z.string(),
  lastModifiedDateTime: instant,
});

/** The custom API page `locationStocks` (not a standard BC page; see README). */
export const locationStockRecord = z.object({
  id: z.string().min(1),
  itemNumber: z.string().min(1),
  variantCode: z.string().default(''),
  locationCode: z.string().min(1),
  onHand: z.number(),
  available: z.number(),
  committed: z.number().default(0),
  incoming: z.number().default(0),
  lastModifiedDateTime: instant,
});

export const salesOrderLineRecord = z.object({
  sequence: z.number().default(0),
  lineType: z.string(),
  lineObjectNumber: z.string(),
  itemVariantId: z.string().default(''),
  locationId: z.string().default(''),
  quantity: z.number(),
  shippedQuantity: z.number().default(0),
  unitPrice: z.number(),
});

export const salesOrderRecord = z.object({
  id: z.string().min(1),
  number: z.string().min(1),
  externalDocumentNumber: z.string().default(''),
  orderDate: day,
  customerNumber: z.string(),
  status: z.string(),
  currencyCode: z.string().default(''),
  totalAmountIncludingTax: z.number(),
  lastModifiedDateTime: instant,
  salesOrderLines: z.array(salesOrderLineRecord),
});

export const salesShipmentRecord = z.object({
  id: z.string().min(1),
  number: z.string().min(1),
  orderNumber: z.string(),
  postingDate: day,
  // Only from a custom page (BC_SHIPMENT_API); BC writes '' where a field is empty.
  packageTrackingNo: z.string().optional(),
  shippingAgentCode: z.string().optional(),
  trackingUrl: z.string().optional(),
  lastModifiedDateTime: instant,
});

export type CustomerRecord = z.infer<typeof customerRecord>;
export type ItemRecord = z.infer<typeof itemRecord>;
export type ItemVariantRecord = z.infer<typeof itemVariantRecord>;
export type LocationRecord = z.infer<typeof locationRecord>;
export type LocationStockRecord = z.infer<typeof locationStockRecord>;
export type SalesOrderRecord = z.infer<typeof salesOrderRecord>;
export type SalesOrderLineRecord = z.infer<typeof salesOrderLineRecord>;
export type SalesShipmentRecord = z.infer<typeof salesShipmentRecord>;

/** One OData page: `value` and, when more follow, `@odata.nextLink`. */
export const odataPage = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.url().optional(),
});
export type ODataPage = z.infer<typeof odataPage>;
