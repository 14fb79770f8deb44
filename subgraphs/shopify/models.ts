// What the Shopify subgraph's resolvers hand each other: the parent of every GraphQL type that is
// not plain data, and the context. codegen.ts maps the generated resolver types onto these.
import type {
  Customer,
  CustomerIdentity,
  CustomerProfile,
  Order,
  OrderLine,
  OrderRefund,
  Product,
  Variant,
} from '../../store/entities';
import type { Connection, Edge } from '../common/pagination';
import type { Scope } from '../common/request-scope';
import type { FlowRun } from '../../store/flows/flow-run.entity';
import type { LocationView, ShopifyLoaders } from './loaders';
import type { OrderSyncView } from './order-sync';

export type Context = Scope<ShopifyLoaders>;

/** Lines and refunds carry their order's currency: their tables have none. */
type Priced<T> = T & { currency: string };

export type CustomerModel = Customer;
export type CustomerIdentityModel = CustomerIdentity;
export type CustomerConnectionModel = Connection<Customer>;
export type CustomerEdgeModel = Edge<Customer>;
export type OrderModel = Order;
export type OrderConnectionModel = Connection<Order>;
export type OrderEdgeModel = Edge<Order>;
export type LineItemModel = Priced<OrderLine>;
export type RefundModel = Priced<OrderRefund>;
export type ProductModel = Product;
export type ProductConnectionModel = Connection<Product>;
export type ProductEdgeModel = Edge<Product>;
export type ProductVariantModel = Variant;
export type LocationModel = LocationView;
export type CustomerProfileModel = CustomerProfile;
export type OrderSyncModel = OrderSyncView;
export type FlowSyncModel = FlowRun;
/** Consent as the profile row holds it, per channel. */
export interface MarketingConsentModel {
  granted: boolean;
  source: string;
  changedAt: Date;
}
