export { createErpSchema, erpSubgraph } from './schema';
