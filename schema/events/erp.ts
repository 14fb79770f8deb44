import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, ChangedAt, Id, Maybe, Money, Part, Payload } from './common';

/** Business Central (ERP) records. Ids are Business Central's system ids unless noted. */

export const ErpCustomer = Payload('erp', 'customer', 'A customer account in the ERP.', {
  id: Id(),
  number: Type.String({ description: 'Customer number, e.g. `C10042`; sales orders cite it.' }),
  displayName: Type.String(),
  email: Maybe(Type.String(), {
    description: 'As entered in the ERP; trimmed and lower-cased before matching.',
  }),
  phoneNumber: Maybe(Type.String(), { description: 'Free-form; matched on its digits only.' }),
  shopifyCustomerId: Maybe(Type.String(), {
    description: 'Cross-reference to the Shopify customer id; links the two identities.',
  }),
  balanceDue: Money({ description: 'Open receivables of the customer.' }),
  currencyCode: Type.String({ description: 'ISO 4217 code of `balanceDue`.' }),
  lastModifiedDateTime: ChangedAt(),
});
export type ErpCustomer = Static<typeof ErpCustomer>;

export const ErpItem = Payload('erp', 'item', 'An inventory item (a product variant) in the ERP.', {
  id: Id(),
  number: Type.String({ description: 'Item number; equals the Shopify variant SKU.' }),
  displayName: Type.String(),
  unitPrice: Money({ description: 'List sales price.' }),
  unitCost: Money({ description: 'Average purchase cost of one unit.' }),
  inventory: Type.Integer({ description: 'Units on hand over all locations.' }),
  lastModifiedDateTime: ChangedAt(),
});
export type ErpItem = Static<typeof ErpItem>;

export const ErpLocation = Payload('erp', 'location', 'A warehouse in the ERP.', {
  id: Id({ description: 'Equals `code`.' }),
  code: Type.String({ description: 'e.g. `LONDON`; lines and inventory levels cite it.' }),
  displayName: Type.String({
    description:
      'Joins the Shopify location of the same name (trimmed, lower-cased, spaces collapsed).',
  }),
  lastModifiedDateTime: ChangedAt(),
});
export type ErpLocation = Static<typeof ErpLocation>;

export const ErpInventoryLevel = Payload(
  'erp',
  'inventory-level',
  'Stock of one item at one ERP location.',
  {
    id: Id({ description: '`<itemNumber>:<locationCode>`.' }),
    itemNumber: Type.String({ description: 'Item number (= SKU).' }),
    locationCode: Type.String(),
    onHand: Type.Integer({ description: 'Physically at the location.' }),
    available: Type.Integer({ description: 'On hand minus committed; negative when oversold.' }),
    committed: Type.Integer({ description: 'Reserved by open sales orders.' }),
    incoming: Type.Integer({ description: 'Expected from open purchase orders and transfers.' }),
    lastModifiedDateTime: ChangedAt(),
  },
);
export type ErpInventoryLevel = Static<typeof ErpInventoryLevel>;

export const ErpSalesOrderLine = Part('erp.sales-order.line', 'One line of a sales order.', {
  sku: Type.String({ description: 'Item number (= Shopify variant SKU).' }),
  quantity: Type.Integer({ minimum: 0 }),
  shippedQuantity: Type.Integer({ minimum: 0, description: 'Units shipped so far.' }),
  unitPrice: Money(),
  locationCode: Maybe(Type.String(), { description: 'Warehouse the line ships from.' }),
});

export const ErpSalesOrder = Payload(
  'erp',
  'sales-order',
  'A sales order in the ERP, usually created from a Shopify order.',
  {
    id: Id(),
    number: Type.String({ description: 'Sales order number; shipments cite it.' }),
    externalDocumentNumber: Type.String({
      description: 'The Shopify order name (e.g. `#1001`) the sales order was made from.',
    }),
    customerNumber: Type.String({ description: 'Number of the ERP customer.' }),
    orderDate: CalendarDate(),
    status: Type.String({ description: 'e.g. `Draft`, `Open`, `Released`.' }),
    currencyCode: Type.String({ description: 'ISO 4217 code of every amount in the order.' }),
    totalAmountIncludingTax: Money(),
    lines: Type.Array(ErpSalesOrderLine),
    lastModifiedDateTime: ChangedAt(),
  },
);
export type ErpSalesOrder = Static<typeof ErpSalesOrder>;

export const ErpShipment = Payload('erp', 'shipment', 'A posted shipment of a sales order.', {
  id: Id(),
  number: Type.String({ description: 'Shipment document number.' }),
  orderNumber: Type.String({ description: 'Number of the sales order it ships.' }),
  postingDate: CalendarDate({ description: 'Day the shipment was posted.' }),
  // Not on BC's standard salesShipments page: only a deployment's custom page has them.
  trackingNumber: Maybe(
    Type.String({ description: "The carrier's package tracking number (Package Tracking No.)." }),
  ),
  trackingCompany: Maybe(
    Type.String({ description: 'The carrier: the shipping agent (Shipping Agent Code).' }),
  ),
  trackingUrl: Maybe(
    Type.String({ description: "The package's tracking page, from the shipping agent's address." }),
  ),
  lastModifiedDateTime: ChangedAt(),
});
export type ErpShipment = Static<typeof ErpShipment>;
