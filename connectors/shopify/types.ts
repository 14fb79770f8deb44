/** The shapes of the Admin GraphQL nodes that documents.ts selects. */

export interface MoneyBag {
  shopMoney: { amount: string; currencyCode: string };
}

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

export interface LineItemNode {
  id: string;
  sku: string | null;
  title: string;
  quantity: number;
  originalUnitPriceSet: MoneyBag;
  variant: { id: string } | null;
}

export interface RefundNode {
  id: string;
  createdAt: string | null;
  note: string | null;
  totalRefundedSet: MoneyBag;
}

export interface TransactionNode {
  id: string;
  kind: string;
  status: string;
  gateway: string | null;
  createdAt: string;
  amountSet: MoneyBag;
}

export interface FulfillmentNode {
  id: string;
  status: string;
  createdAt: string;
  trackingInfo: { number: string | null; company: string | null }[];
}

export interface OrderNode {
  id: string;
  name: string;
  email: string | null;
  customer: { id: string } | null;
  currencyCode: string;
  totalPriceSet: MoneyBag;
  subtotalPriceSet: MoneyBag | null;
  totalTaxSet: MoneyBag | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  lineItems: Nodes<LineItemNode>;
  refunds: RefundNode[];
  transactions: TransactionNode[];
  fulfillments: FulfillmentNode[];
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

export interface InventoryLevelNode {
  id: string;
  updatedAt: string;
  item: { id: string; sku: string | null; variant: { product: { id: string } } };
  location: { id: string };
  quantities: { name: string; quantity: number }[];
}
