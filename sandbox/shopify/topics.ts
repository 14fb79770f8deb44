// The webhook topics the sandbox can deliver, by their GraphQL enum name, with the REST name
// each delivery carries in X-Shopify-Topic.
export const topics = {
  ORDERS_CREATE: 'orders/create',
  ORDERS_UPDATED: 'orders/updated',
  ORDERS_PAID: 'orders/paid',
  ORDERS_CANCELLED: 'orders/cancelled',
  ORDERS_FULFILLED: 'orders/fulfilled',
  ORDERS_PARTIALLY_FULFILLED: 'orders/partially_fulfilled',
  ORDERS_DELETE: 'orders/delete',
  REFUNDS_CREATE: 'refunds/create',
  FULFILLMENTS_CREATE: 'fulfillments/create',
  FULFILLMENTS_UPDATE: 'fulfillments/update',
  LOCATIONS_CREATE: 'locations/create',
  LOCATIONS_UPDATE: 'locations/update',
  INVENTORY_LEVELS_CONNECT: 'inventory_levels/connect',
  CUSTOMERS_CREATE: 'customers/create',
  CUSTOMERS_UPDATE: 'customers/update',
  CUSTOMERS_DELETE: 'customers/delete',
  PRODUCTS_CREATE: 'products/create',
  PRODUCTS_UPDATE: 'products/update',
  PRODUCTS_DELETE: 'products/delete',
  INVENTORY_LEVELS_UPDATE: 'inventory_levels/update',
  // The mandatory compliance topics: an app configures them, not webhookSubscriptionCreate (they
  // are not WebhookSubscriptionTopic values); subscribeAll stands in for that configuration.
  CUSTOMERS_DATA_REQUEST: 'customers/data_request',
  CUSTOMERS_REDACT: 'customers/redact',
  SHOP_REDACT: 'shop/redact',
} as const;
export type WebhookTopic = keyof typeof topics;
