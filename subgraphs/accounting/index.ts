export { createAccountingSchema, accountingSubgraph } from './schema';
