import { Type, type Static } from '@sinclair/typebox';
import { ChangedAt, DateTime, Id, Maybe, Money, Part, Payload, StringEnum } from './common';

/** Shopify Admin API records. Ids are Shopify's numeric ids as strings (not GraphQL gids). */

const email = {
  description:
    'As entered in Shopify: case and surrounding whitespace are not normalised, so ' +
    'identity resolution trims and lower-cases it before matching.',
};

export const ShopifyAddress = Part('shopify.customer.address', 'A postal address of a customer.', {
  address1: Maybe(Type.String()),
  city: Maybe(Type.String()),
  province: Maybe(Type.String(), { description: 'State, province or region.' }),
  country: Maybe(Type.String()),
  zip: Maybe(Type.String(), { description: 'Postal code.' }),
});

export const ShopifyCustomer = Payload('shopify', 'customer', 'A Shopify customer.', {
  id: Id(),
  email: Maybe(Type.String(), email),
  firstName: Maybe(Type.String()),
  lastName: Maybe(Type.String()),
  phone: Maybe(Type.String(), { description: 'Free-form; matched on its digits only.' }),
  addresses: Type.Array(ShopifyAddress),
  createdAt: DateTime(),
  updatedAt: ChangedAt(),
});
export type ShopifyCustomer = Static<typeof ShopifyCustomer>;

export const ShopifyLineItem = Part('shopify.order.line-item', 'One line of an order.', {
  id: Id(),
  sku: Maybe(Type.String(), { description: 'Links the line to a variant (trimmed, upper-cased).' }),
  title: Type.String(),
  quantity: Type.Integer({ minimum: 0 }),
  unitPrice: Money({ description: 'Price of one unit before discounts and tax.' }),
  variantId: Maybe(Id(), { description: 'Shopify variant id; null once the variant is deleted.' }),
});

export const ShopifyRefund = Part('shopify.order.refund', 'Money given back on an order.', {
  id: Id(),
  createdAt: DateTime(),
  amount: Money({ description: 'Total refunded, tax included.' }),
  note: Maybe(Type.String()),
});

export const TRANSACTION_KINDS = ['sale', 'capture', 'authorization', 'refund', 'void'] as const;

export const ShopifyTransaction = Part(
  'shopify.order.transaction',
  'A movement of money through a payment gateway.',
  {
    id: Id(),
    kind: StringEnum(TRANSACTION_KINDS, {
      description: 'An `authorization` holds money; only `sale` and `capture` take it.',
    }),
    status: Type.String({ description: 'e.g. `success`, `pending`, `failure`, `error`.' }),
    amount: Money(),
    gateway: Type.String({ description: 'e.g. `shopify_payments`, `manual`.' }),
    createdAt: DateTime(),
  },
);

export const ShopifyFulfillment = Part(
  'shopify.order.fulfillment',
  'A shipment of some or all of the lines of an order.',
  {
    id: Id(),
    status: Type.String({ description: 'e.g. `success`, `pending`, `cancelled`.' }),
    trackingNumber: Maybe(Type.String()),
    trackingCompany: Maybe(Type.String(), { description: 'Carrier, e.g. `UPS`.' }),
    createdAt: DateTime(),
  },
);

export const ShopifyOrder = Payload(
  'shopify',
  'order',
  'A Shopify order with its lines, refunds, transactions and fulfillments (all replaced whole).',
  {
    id: Id(),
    name: Type.String({
      description: 'Shown to the customer, e.g. `#1001`; ERP and accounting documents cite it.',
    }),
    email: Maybe(Type.String(), email),
    customerId: Maybe(Id(), { description: 'Shopify customer id; null for guest checkouts.' }),
    currency: Type.String({ description: 'ISO 4217 code of every amount in the order.' }),
    totalPrice: Money({ description: 'Subtotal plus tax and shipping, after discounts.' }),
    subtotalPrice: Money({ description: 'Sum of the lines after discounts, before tax.' }),
    totalTax: Money(),
    financialStatus: Type.String({
      description: 'e.g. `pending`, `authorized`, `paid`, `partially_refunded`, `refunded`.',
    }),
    fulfillmentStatus: Maybe(Type.String(), {
      description: 'e.g. `fulfilled`, `partial`; null while nothing is shipped.',
    }),
    createdAt: DateTime(),
    updatedAt: ChangedAt(),
    cancelledAt: Maybe(DateTime(), { description: 'Set once the order is cancelled.' }),
    lineItems: Type.Array(ShopifyLineItem),
    refunds: Type.Array(ShopifyRefund),
    transactions: Type.Array(ShopifyTransaction),
    fulfillments: Type.Array(ShopifyFulfillment),
  },
);
export type ShopifyOrder = Static<typeof ShopifyOrder>;

export const ShopifyVariant = Part('shopify.product.variant', 'A sellable variant of a product.', {
  id: Id(),
  sku: Type.String({ description: 'Stock keeping unit; the key that joins Shopify and the ERP.' }),
  title: Type.String({ description: 'e.g. `Black / M`.' }),
  price: Money(),
  inventoryItemId: Id({ description: 'Shopify inventory item id; inventory levels refer to it.' }),
});

export const PRODUCT_STATUSES = ['ACTIVE', 'DRAFT', 'ARCHIVED'] as const;

export const ShopifyProduct = Payload('shopify', 'product', 'A Shopify product and its variants.', {
  id: Id(),
  title: Type.String(),
  handle: Type.String({ description: 'URL slug of the product page.' }),
  status: StringEnum(PRODUCT_STATUSES),
  vendor: Maybe(Type.String()),
  productType: Maybe(Type.String()),
  createdAt: DateTime(),
  updatedAt: ChangedAt(),
  variants: Type.Array(ShopifyVariant),
});
export type ShopifyProduct = Static<typeof ShopifyProduct>;

export const ShopifyQuantities = Part(
  'shopify.inventory-level.quantities',
  'Named inventory quantities of one item at one location.',
  {
    available: Type.Integer({ description: 'Can be sold now; negative when oversold.' }),
    onHand: Type.Integer({ description: 'Physically at the location.' }),
    committed: Type.Integer({ description: 'Reserved by unfulfilled orders.' }),
    incoming: Type.Integer({ description: 'On its way (transfers, purchase orders).' }),
  },
);

export const ShopifyInventoryLevel = Payload(
  'shopify',
  'inventory-level',
  'Stock of one inventory item at one location.',
  {
    id: Id({ description: '`<inventoryItemId>:<locationId>`.' }),
    inventoryItemId: Id(),
    locationId: Id(),
    sku: Type.String({ description: 'SKU of the variant that owns the inventory item.' }),
    productId: Maybe(Id(), {
      description: 'Product that owns the variant; deleting the product deletes this level.',
    }),
    quantities: ShopifyQuantities,
    updatedAt: ChangedAt(),
  },
);
export type ShopifyInventoryLevel = Static<typeof ShopifyInventoryLevel>;

export const ShopifyLocation = Payload(
  'shopify',
  'location',
  'A place that stocks or ships goods.',
  {
    id: Id(),
    name: Type.String({
      description:
        'Joins the ERP location of the same name (trimmed, lower-cased, spaces collapsed).',
    }),
    isActive: Type.Boolean(),
    updatedAt: ChangedAt(),
  },
);
export type ShopifyLocation = Static<typeof ShopifyLocation>;
