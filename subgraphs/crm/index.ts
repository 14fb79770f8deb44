export { createCrmSchema, crmSubgraph } from './schema';
