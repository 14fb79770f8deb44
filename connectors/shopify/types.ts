import type { z } from 'zod';
import type { inventoryLevelNodeSchema, moneyBagSchema, orderNodeSchema } from './nodes';

/**
 * The shapes of the Admin GraphQL nodes that documents.ts selects. The nodes a webhook re-reads
 * are declared once, as zod schemas in nodes.ts, and inferred here.
 */

export type MoneyBag = z.infer<typeof moneyBagSchema>;
export type OrderNode = z.infer<typeof orderNodeSchema>;
export type TransactionNode = OrderNode['transactions'][number];
export type InventoryLevelNode = z.infer<typeof inventoryLevelNodeSchema>;

export interface Nodes<T> {
  nodes: T[];
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Page<T> extends Nodes<T> {
  pageInfo: PageInfo;
}

export interface AddressNode {
  address1: string | null;
  city: string | null;
  province: string | null;
  country: string | null;
  zip: string | null;
}

export interface CustomerNode {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  addresses: AddressNode[];
}

export interface VariantNode {
  id: string;
  sku: string | null;
  title: string;
  price: string;
  inventoryItem: { id: string };
}

export interface ProductNode {
  id: string;
  title: string;
  handle: string;
  status: string;
  vendor: string | null;
  productType: string | null;
  createdAt: string;
  updatedAt: string;
  variants: Nodes<VariantNode>;
}

export interface LocationNode {
  id: string;
  name: string;
  isActive: boolean;
  updatedAt: string;
}
