// Business Central API v2.0 records, with the real pages' field names (camelCase, as served).
// Only the fields a connector reads plus their usual neighbours; every record has `id` (a GUID)
// and `lastModifiedDateTime`.
export interface Customer {
  id: string;
  number: string;
  displayName: string;
  type: 'Person' | 'Company';
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  country: string;
  postalCode: string;
  phoneNumber: string;
  email: string;
  website: string;
  taxLiable: boolean;
  currencyCode: string;
  blocked: ' ' | 'Ship' | 'Invoice' | 'All';
  balanceDue: number;
  creditLimit: number;
  lastModifiedDateTime: string;
}

export interface Item {
  id: string;
  number: string;
  displayName: string;
  type: 'Inventory' | 'Service' | 'Non-Inventory';
  itemCategoryCode: string;
  blocked: boolean;
  gtin: string;
  /** Total on hand across locations (read-only in BC). */
  inventory: number;
  unitPrice: number;
  priceIncludesTax: boolean;
  unitCost: number;
  baseUnitOfMeasureCode: string;
  lastModifiedDateTime: string;
}

export interface ItemVariant {
  id: string;
  itemId: string;
  itemNumber: string;
  code: string;
  description: string;
  lastModifiedDateTime: string;
}

export interface Location {
  id: string;
  code: string;
  displayName: string;
  contact: string;
  addressLine1: string;
  city: string;
  state: string;
  country: string;
  postalCode: string;
  phoneNumber: string;
  email: string;
  lastModifiedDateTime: string;
}

export interface SalesOrder {
  id: string;
  number: string;
  externalDocumentNumber: string;
  orderDate: string;
  postingDate: string;
  customerId: string;
  customerNumber: string;
  customerName: string;
  email: string;
  currencyCode: string;
  pricesIncludeTax: boolean;
  status: 'Draft' | 'In Review' | 'Open' | 'Released';
  totalAmountExcludingTax: number;
  totalTaxAmount: number;
  totalAmountIncludingTax: number;
  fullyShipped: boolean;
  lastModifiedDateTime: string;
}

export interface SalesOrderLine {
  id: string;
  documentId: string;
  sequence: number;
  itemId: string;
  lineType: 'Item';
  lineObjectNumber: string;
  description: string;
  unitOfMeasureCode: string;
  quantity: number;
  unitPrice: number;
  discountAmount: number;
  amountExcludingTax: number;
  taxPercent: number;
  amountIncludingTax: number;
  shipmentDate: string;
  shippedQuantity: number;
  invoicedQuantity: number;
  itemVariantId: string;
  locationId: string;
}

/**
 * A posted shipment (table Sales Shipment Header). The standard v2.0 page leaves out its tracking
 * (`packageTrackingNo`, `shippingAgentCode`; '' when none, as BC writes blanks); a custom API page
 * (publisher `plexus`, group `shipping`, version `v1.0`, NOT a standard page) serves them with the
 * shipping agent's tracking URL, as deployments that pass tracking on add one.
 */
export interface SalesShipment {
  id: string;
  number: string;
  externalDocumentNumber: string;
  orderNumber: string;
  customerNumber: string;
  customerName: string;
  shipmentDate: string;
  postingDate: string;
  packageTrackingNo: string;
  shippingAgentCode: string;
  lastModifiedDateTime: string;
}

/**
 * NOT a standard v2.0 page: stock by location from a custom API page (publisher `plexus`, group
 * `inventory`, version `v1.0`), as real deployments add one; `itemLedgerEntries` has no location.
 */
export interface LocationStock {
  id: string;
  itemId: string;
  itemNumber: string;
  variantCode: string;
  locationId: string;
  locationCode: string;
  onHand: number;
  available: number;
  committed: number;
  incoming: number;
  lastModifiedDateTime: string;
}

export interface BcEntities {
  customers: Customer;
  items: Item;
  itemVariants: ItemVariant;
  locations: Location;
  salesOrders: SalesOrder;
  salesShipments: SalesShipment;
  locationStocks: LocationStock;
}
export type EntitySet = keyof BcEntities;
export const entitySets = [
  'customers',
  'items',
  'itemVariants',
  'locations',
  'salesOrders',
  'salesShipments',
  'locationStocks',
] as const satisfies readonly EntitySet[];

/** The OData entity type of each set, for `@odata.context` and error messages. */
export const entityTypes: Record<EntitySet, string> = {
  customers: 'customer',
  items: 'item',
  itemVariants: 'itemVariant',
  locations: 'location',
  salesOrders: 'salesOrder',
  salesShipments: 'salesShipment',
  locationStocks: 'locationStock',
};

export type ChangeType = 'created' | 'updated' | 'deleted';
export interface Change {
  set: EntitySet;
  changeType: ChangeType;
  id: string;
  lastModifiedDateTime: string;
}
