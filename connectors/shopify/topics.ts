/**
 * The webhook topics the connector maps (webhook-mapping.ts), by their GraphQL enum name, with the
 * `X-Shopify-Topic` each is delivered under. The connector subscribes to exactly these. The
 * mandatory compliance topics are not here: Shopify takes those from the app's configuration, not
 * from the API.
 */
export const WEBHOOK_TOPICS = {
  CUSTOMERS_CREATE: 'customers/create',
  CUSTOMERS_UPDATE: 'customers/update',
  CUSTOMERS_DELETE: 'customers/delete',
  PRODUCTS_CREATE: 'products/create',
  PRODUCTS_UPDATE: 'products/update',
  PRODUCTS_DELETE: 'products/delete',
  LOCATIONS_CREATE: 'locations/create',
  LOCATIONS_UPDATE: 'locations/update',
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
  INVENTORY_LEVELS_UPDATE: 'inventory_levels/update',
  INVENTORY_LEVELS_CONNECT: 'inventory_levels/connect',
} as const;

export type WebhookTopic = keyof typeof WEBHOOK_TOPICS;
