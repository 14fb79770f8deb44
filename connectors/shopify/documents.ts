/**
 * Every GraphQL document the connector sends. Each validates against Shopify's 2025-01 schema and
 * avoids deprecated fields (documents.test.ts checks both). Page sizes keep a page's requested cost
 * well under Shopify's 1000-point cap; the unused part of the requested cost is refunded, so a
 * generous `first` on nested lists costs budget headroom, not throughput.
 */

export const PAGE_SIZES = {
  customers: 50,
  orders: 3,
  products: 10,
  locations: 50,
  // Six points a level (the level, its item, the item's variant and product, its location, its
  // quantities): 90 keeps a page near 550.
  inventoryLevels: 90,
} as const;

const MONEY = 'shopMoney { amount currencyCode }';

/** Nested list sizes of paginated reads; a record that fills one is logged as maybe truncated. */
export const ORDER_LINE_LIMIT = 25;
export const VARIANT_LIMIT = 20;

export const CUSTOMER_FIELDS = `
  id
  email
  firstName
  lastName
  phone
  createdAt
  updatedAt
  addresses(first: 10) { address1 city province country zip }`;

export const ORDER_FIELDS = `
  id
  name
  email
  customer { id }
  currencyCode
  totalPriceSet { ${MONEY} }
  subtotalPriceSet { ${MONEY} }
  totalTaxSet { ${MONEY} }
  displayFinancialStatus
  displayFulfillmentStatus
  createdAt
  updatedAt
  cancelledAt`;

/** Nested lists of an order in a paginated query (plain lists, so no bulk row splitting). */
export const ORDER_CHILDREN = `
  lineItems(first: ${ORDER_LINE_LIMIT}) {
    nodes { id sku title quantity originalUnitPriceSet { ${MONEY} } variant { id } }
  }
  refunds(first: 10) { id createdAt note totalRefundedSet { ${MONEY} } }
  transactions(first: 10) { id kind status gateway createdAt amountSet { ${MONEY} } }
  fulfillments(first: 5) { id status createdAt trackingInfo(first: 1) { number company } }`;

export const PRODUCT_FIELDS = `
  id
  title
  handle
  status
  vendor
  productType
  createdAt
  updatedAt`;

export const VARIANT_FIELDS = 'id sku title price inventoryItem { id }';

export const LOCATION_FIELDS = 'id name isActive updatedAt';

/** The item's product: when the product is deleted, its levels go with it. */
export const INVENTORY_LEVEL_FIELDS = `
  id
  updatedAt
  item { id sku variant { product { id } } }
  location { id }
  quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity }`;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

export const CUSTOMERS_QUERY = `query Customers($first: Int!, $after: String, $query: String) {
  customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { ${CUSTOMER_FIELDS} }
    ${PAGE_INFO}
  }
}`;

export const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { ${ORDER_FIELDS} ${ORDER_CHILDREN} }
    ${PAGE_INFO}
  }
}`;

export const PRODUCTS_QUERY = `query Products($first: Int!, $after: String, $query: String) {
  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { ${PRODUCT_FIELDS} variants(first: ${VARIANT_LIMIT}) { nodes { ${VARIANT_FIELDS} } } }
    ${PAGE_INFO}
  }
}`;

export const LOCATIONS_QUERY = `query Locations($first: Int!, $after: String, $query: String) {
  locations(first: $first, after: $after, query: $query, sortKey: NAME, includeInactive: true) {
    nodes { ${LOCATION_FIELDS} }
    ${PAGE_INFO}
  }
}`;

/**
 * Inventory levels hang off a location: the root has no inventoryLevels connection. A full read
 * sends no `query:` at all (the unfiltered document), a reconciliation read filters on updated_at.
 */
export const INVENTORY_LEVELS_QUERY = `query InventoryLevels($locationId: ID!, $first: Int!, $after: String) {
  location(id: $locationId) {
    id
    inventoryLevels(first: $first, after: $after) {
      nodes { ${INVENTORY_LEVEL_FIELDS} }
      ${PAGE_INFO}
    }
  }
}`;

export const INVENTORY_LEVELS_SINCE_QUERY = `query InventoryLevelsSince($locationId: ID!, $first: Int!, $after: String, $query: String!) {
  location(id: $locationId) {
    id
    inventoryLevels(first: $first, after: $after, query: $query) {
      nodes { ${INVENTORY_LEVEL_FIELDS} }
      ${PAGE_INFO}
    }
  }
}`;

/** Re-reads of single records, for webhooks whose payload is not the whole record. */
export const ORDER_QUERY = `query Order($id: ID!) {
  order(id: $id) { ${ORDER_FIELDS} ${ORDER_CHILDREN} }
}`;

/** By item and location gids, so we never have to build an InventoryLevel gid ourselves. */
export const INVENTORY_LEVEL_QUERY = `query InventoryLevel($itemId: ID!, $locationId: ID!) {
  inventoryItem(id: $itemId) {
    inventoryLevel(locationId: $locationId) { ${INVENTORY_LEVEL_FIELDS} }
  }
}`;

// Bulk operations: the whole store in one JSONL file. Nested connections become rows that carry
// `__parentId`; at most 5 connections, 2 levels deep. Plain lists stay inline on their parent.

export const BULK_CUSTOMERS = `{
  customers(query: $QUERY) { edges { node { ${CUSTOMER_FIELDS} } } }
}`;

export const BULK_ORDERS = `{
  orders(query: $QUERY) {
    edges {
      node {
        ${ORDER_FIELDS}
        refunds { id createdAt note totalRefundedSet { ${MONEY} } }
        transactions { id kind status gateway createdAt amountSet { ${MONEY} } }
        fulfillments { id status createdAt trackingInfo { number company } }
        lineItems { edges { node { id sku title quantity originalUnitPriceSet { ${MONEY} } variant { id } } } }
      }
    }
  }
}`;

export const BULK_PRODUCTS = `{
  products(query: $QUERY) {
    edges { node { ${PRODUCT_FIELDS} variants { edges { node { ${VARIANT_FIELDS} } } } } }
  }
}`;

export const BULK_INVENTORY_LEVELS = `{
  locations(includeInactive: true) {
    edges {
      node {
        ${LOCATION_FIELDS}
        inventoryLevels(query: $QUERY) { edges { node { ${INVENTORY_LEVEL_FIELDS} } } }
      }
    }
  }
}`;

/** Puts the search filter into a bulk query (bulk queries take no variables). */
export function bulkQuery(template: string, search: string | undefined): string {
  return search === undefined
    ? template.replace(/\(query: \$QUERY\)/g, '')
    : template.replace(/\$QUERY/g, JSON.stringify(search));
}

export const BULK_RUN_MUTATION = `mutation BulkRun($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field message }
  }
}`;

export const BULK_STATUS_QUERY = `query BulkStatus($id: ID!) {
  node(id: $id) {
    ... on BulkOperation { id status errorCode objectCount rootObjectCount url partialDataUrl }
  }
}`;

export const CURRENT_BULK_QUERY = `query CurrentBulk {
  currentBulkOperation { id status errorCode objectCount rootObjectCount url partialDataUrl }
}`;

/** Totals for the progress line's ETA; a failure here only costs the ETA. */
export const COUNTS_QUERY = `query Counts($query: String) {
  customersCount(query: $query) { count }
  ordersCount(query: $query, limit: null) { count }
  productsCount(query: $query, limit: null) { count }
  locationsCount { count }
}`;

// Webhook subscriptions (subscriptions.ts). The connector owns the subscriptions whose callback
// URL is its own webhook address, so it lists only those.

const WEBHOOK_SUBSCRIPTION_FIELDS = `
  id
  topic
  format
  includeFields
  filter
  endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }`;

const USER_ERRORS = 'userErrors { field message }';

export const WEBHOOK_SUBSCRIPTIONS_QUERY = `query WebhookSubscriptions($callbackUrl: URL!, $first: Int!, $after: String) {
  webhookSubscriptions(callbackUrl: $callbackUrl, first: $first, after: $after) {
    nodes { ${WEBHOOK_SUBSCRIPTION_FIELDS} }
    ${PAGE_INFO}
  }
}`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { ${WEBHOOK_SUBSCRIPTION_FIELDS} }
    ${USER_ERRORS}
  }
}`;

export const WEBHOOK_SUBSCRIPTION_UPDATE = `mutation WebhookSubscriptionUpdate($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) {
    webhookSubscription { ${WEBHOOK_SUBSCRIPTION_FIELDS} }
    ${USER_ERRORS}
  }
}`;

export const WEBHOOK_SUBSCRIPTION_DELETE = `mutation WebhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) {
    deletedWebhookSubscriptionId
    ${USER_ERRORS}
  }
}`;
