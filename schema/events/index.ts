export * from './accounting';
export * from './common';
export * from './crm';
export * from './envelope';
export * from './erp';
export * from './formats';
export * from './shopify';
export * from './topics';
export * as examples from './examples';
