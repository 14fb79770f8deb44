export { createShopifySchema, shopifySubgraph } from './schema';
