import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type {
  CustomerModel,
  CustomerIdentityModel,
  CustomerConnectionModel,
  CustomerEdgeModel,
  OrderModel,
  OrderConnectionModel,
  OrderEdgeModel,
  LineItemModel,
  RefundModel,
  ProductModel,
  ProductConnectionModel,
  ProductEdgeModel,
  ProductVariantModel,
  LocationModel,
  CustomerProfileModel,
  OrderSyncModel,
  FlowSyncModel,
  MarketingConsentModel,
  Context,
} from '../models';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string };
  String: { input: string; output: string };
  Boolean: { input: boolean; output: boolean };
  Int: { input: number; output: number };
  Float: { input: number; output: number };
  /** An ISO-8601 instant in UTC, e.g. 2024-05-01T12:00:00.000Z. */
  DateTime: { input: Date; output: Date | string };
  _FieldSet: { input: unknown; output: unknown };
};

/** One person, merged from every source that knows them. */
export type Customer = Node & {
  __typename?: 'Customer';
  email: Maybe<Scalars['String']['output']>;
  firstName: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The source records that were merged into this customer. */
  identities: Array<CustomerIdentity>;
  lastName: Maybe<Scalars['String']['output']>;
  /** Orders placed under any of the customer's Shopify identities, newest first. */
  orders: Maybe<OrderConnection>;
  phone: Maybe<Scalars['String']['output']>;
  /** The marketing profile, kept current by the projector; null until the projector has made it. */
  profile: Maybe<CustomerProfile>;
  updatedAt: Scalars['DateTime']['output'];
};

/** One person, merged from every source that knows them. */
export type CustomerOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  nodes: Array<Customer>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

/** A marketing segment: every condition given must hold. */
export type CustomerFilter = {
  /**
   * true: people whose email marketing consent is granted (see the README for how systems that
   * disagree are decided); false: everyone else, those no system knows about included.
   */
  consent?: InputMaybe<Scalars['Boolean']['input']>;
  /** Whether anything is owed in the ERP or in the books. */
  hasOpenBalance?: InputMaybe<Scalars['Boolean']['input']>;
  /** Last order at or after this instant. */
  lastOrderAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Last order strictly before this instant; people without orders do not match. */
  lastOrderBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** The CRM lifecycle stage, exactly (e.g. `customer`, `lead`). */
  lifecycleStage?: InputMaybe<Scalars['String']['input']>;
  lifetimeValue?: InputMaybe<MoneyRange>;
};

export type CustomerIdentity = {
  __typename?: 'CustomerIdentity';
  email: Maybe<Scalars['String']['output']>;
  firstName: Maybe<Scalars['String']['output']>;
  lastName: Maybe<Scalars['String']['output']>;
  phone: Maybe<Scalars['String']['output']>;
  source: Source;
  sourceId: Scalars['String']['output'];
};

/** What a marketing tool segments on, for one person across every system. */
export type CustomerProfile = {
  __typename?: 'CustomerProfile';
  /** Canonical ids of people merged into this one by identity resolution. */
  absorbedIds: Array<Scalars['ID']['output']>;
  averageOrderValue: Maybe<Money>;
  /** Owed in the books (QuickBooks); null when the books do not know the person. */
  booksOpenBalance: Maybe<Money>;
  /** Email marketing consent; null when no system knows. */
  emailConsent: Maybe<MarketingConsent>;
  /** Owed in the ERP (Business Central); null when the ERP does not know the person. */
  erpOpenBalance: Maybe<Money>;
  firstOrderAt: Maybe<Scalars['DateTime']['output']>;
  lastOrderAt: Maybe<Scalars['DateTime']['output']>;
  /** From the CRM. */
  lifecycleStage: Maybe<Scalars['String']['output']>;
  /** Orders net of refunds; cancelled orders and those refunded in full left out. */
  lifetimeValue: Money;
  /** Orders neither cancelled nor refunded in full. */
  orderCount: Scalars['Int']['output'];
  /** The CRM owner's email. */
  owner: Maybe<Scalars['String']['output']>;
  /** Every refund of every order. */
  refundsTotal: Money;
  /** SMS marketing consent; null when no system knows (none of the connected ones carries it yet). */
  smsConsent: Maybe<MarketingConsent>;
  /** When the profile last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** What the flow ledger (table flow_run) holds for one flow and key. */
export type FlowSync = {
  __typename?: 'FlowSync';
  /** Failed attempts since the last outcome; 0 once it has one. */
  attempts: Scalars['Int']['output'];
  /** The ledger key, as `plexus flows retry <flow> [key]` takes it. */
  key: Scalars['String']['output'];
  /** The vendor's message when failed or retrying; the reason when parked or skipped; null when done. */
  lastError: Maybe<Scalars['String']['output']>;
  /** When a retrying key runs again. */
  nextAttemptAt: Maybe<Scalars['DateTime']['output']>;
  state: FlowSyncState;
  /**
   * The record the flow wrote: the BC sales order id, the QuickBooks document id, or the Shopify
   * fulfilment ids (comma-separated, those of the latest run that made any); null until one exists.
   */
  targetId: Maybe<Scalars['String']['output']>;
  /** When the ledger row last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A flow run's state, as the ledger records it. */
export type FlowSyncState =
  /** The target is in line with the order (an echo or replay that needed no write is done too). */
  | 'DONE'
  /** The vendor refused it, or it kept failing: a person must look (`plexus flows retry`). */
  | 'FAILED'
  /** Waits for a mapping (an unknown SKU, an unmapped location) and runs again when one changes. */
  | 'PARKED'
  /** A change asked for it and no run has finished since. */
  | 'PENDING'
  /** A 429, 5xx or timeout: runs again at nextAttemptAt. */
  | 'RETRYING'
  /** Out of scope (an unpaid order, nothing shipped yet). */
  | 'SKIPPED';

export type LineItem = {
  __typename?: 'LineItem';
  quantity: Scalars['Int']['output'];
  sku: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
  unitPrice: Money;
  /** The catalogue variant of this line's SKU, when it has one. */
  variant: Maybe<ProductVariant>;
};

/** A stock location. Its id is derived from the name, so every source agrees on it. */
export type Location = Node & {
  __typename?: 'Location';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type MarketingConsent = {
  __typename?: 'MarketingConsent';
  /** When that decision was last changed. */
  changedAt: Scalars['DateTime']['output'];
  granted: Scalars['Boolean']['output'];
  /** The system whose record decided it. */
  source: Source;
};

/** An amount of money. The amount is a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currencyCode: Scalars['String']['output'];
};

/** An inclusive range of amounts in the shop's currency, as decimal strings. */
export type MoneyRange = {
  max?: InputMaybe<Scalars['String']['input']>;
  min?: InputMaybe<Scalars['String']['input']>;
};

/**
 * An object with a global id (Relay's Global Object Identification), so that client caches (Relay,
 * Apollo Client, urql) normalise the graph. Ids are stable and opaque: canonical ids, derived from
 * the records' source keys and unique across every type.
 */
export type Node = {
  id: Scalars['ID']['output'];
};

export type Order = Node & {
  __typename?: 'Order';
  cancelledAt: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  currency: Scalars['String']['output'];
  customer: Maybe<Customer>;
  email: Maybe<Scalars['String']['output']>;
  financialStatus: Scalars['String']['output'];
  fulfillmentStatus: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lineItems: Array<LineItem>;
  /** The shop's order name, e.g. #1001. */
  name: Scalars['String']['output'];
  refunds: Array<Refund>;
  subtotalPrice: Money;
  /** How far the flows have carried the order to the other systems, from the flow ledger. */
  sync: OrderSync;
  totalPrice: Money;
  totalTax: Money;
  updatedAt: Scalars['DateTime']['output'];
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  nodes: Array<Order>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

/**
 * The order's state in each flow that writes it elsewhere: null where that flow has no record of the
 * order yet (the flow is not configured, or no change has called for it).
 */
export type OrderSync = {
  __typename?: 'OrderSync';
  /** money-to-books: the QuickBooks sales receipt or invoice of the order's payment. */
  accounting: Maybe<FlowSync>;
  /** order-to-erp: the Business Central sales order made for the order. */
  erp: Maybe<FlowSync>;
  /**
   * shipment-to-fulfilment: the Shopify fulfilments made from the ERP's posted shipments (keyed by
   * the sales order whose externalDocumentNumber is the order's name).
   */
  fulfilment: Maybe<FlowSync>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Product = Node & {
  __typename?: 'Product';
  createdAt: Scalars['DateTime']['output'];
  handle: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  productType: Maybe<Scalars['String']['output']>;
  status: ProductStatus;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  variants: Array<ProductVariant>;
  vendor: Maybe<Scalars['String']['output']>;
};

export type ProductConnection = {
  __typename?: 'ProductConnection';
  edges: Array<ProductEdge>;
  nodes: Array<Product>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ProductEdge = {
  __typename?: 'ProductEdge';
  cursor: Scalars['String']['output'];
  node: Product;
};

export type ProductStatus = 'ACTIVE' | 'ARCHIVED' | 'DRAFT';

/** A sellable SKU. Its id is derived from the SKU, so every source agrees on it. */
export type ProductVariant = Node & {
  __typename?: 'ProductVariant';
  id: Scalars['ID']['output'];
  price: Money;
  product: Maybe<Product>;
  sku: Scalars['String']['output'];
  title: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  customer: Maybe<Customer>;
  /**
   * Customers by canonical id, ascending. `email` matches case- and whitespace-insensitively;
   * `filter` selects a marketing segment from the profiles.
   */
  customers: Maybe<CustomerConnection>;
  /** Every known location, from any source. */
  locations: Maybe<Array<Location>>;
  /** Any object by its global id, whatever its type; null when no object has it. */
  node: Maybe<Node>;
  /** Objects by their global ids, in the order asked, null where none has it; at most 250 ids. */
  nodes: Array<Maybe<Node>>;
  order: Maybe<Order>;
  /** Orders, newest first. */
  orders: Maybe<OrderConnection>;
  product: Maybe<Product>;
  /** Products by canonical id, ascending; `sku` keeps those with a variant of that SKU. */
  products: Maybe<ProductConnection>;
};

export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};

export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CustomerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};

export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};

export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};

export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  customerId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

export type QueryProductArgs = {
  id: Scalars['ID']['input'];
};

export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  sku?: InputMaybe<Scalars['String']['input']>;
};

export type Refund = {
  __typename?: 'Refund';
  amount: Money;
  createdAt: Scalars['DateTime']['output'];
  note: Maybe<Scalars['String']['output']>;
};

/** The system a record came from. */
export type Source = 'ACCOUNTING' | 'CRM' | 'ERP' | 'SHOPIFY';

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
  reference: TReference,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
type NullableCheck<T, S> =
  Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<
  TResult,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ResolverFn<TResult, TParent, TContext, TArgs>
  | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<
  TResult,
  TKey extends string,
  TParent,
  TContext,
  TArgs,
> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<
  TResult,
  TKey extends string,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<
  TTypes,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo,
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<
  T = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<
  TResult = Record<PropertyKey, never>,
  TParent = Record<PropertyKey, never>,
  TContext = Record<PropertyKey, never>,
  TArgs = Record<PropertyKey, never>,
> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Customer: Customer;
  Location: Location;
  Order: Order;
  Product: Product;
  ProductVariant: ProductVariant;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Customer: { __typename: 'Customer' } & GraphQLRecursivePick<
    FederationTypes['Customer'],
    { id: true }
  >;
  Location: { __typename: 'Location' } & GraphQLRecursivePick<
    FederationTypes['Location'],
    { id: true }
  >;
  Order: { __typename: 'Order' } & GraphQLRecursivePick<FederationTypes['Order'], { id: true }>;
  Product: { __typename: 'Product' } & GraphQLRecursivePick<
    FederationTypes['Product'],
    { id: true }
  >;
  ProductVariant: { __typename: 'ProductVariant' } & GraphQLRecursivePick<
    FederationTypes['ProductVariant'],
    { id: true }
  >;
};

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  Node: CustomerModel | LocationModel | OrderModel | ProductModel | ProductVariantModel;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Customer: ResolverTypeWrapper<CustomerModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CustomerConnection: ResolverTypeWrapper<CustomerConnectionModel>;
  CustomerEdge: ResolverTypeWrapper<CustomerEdgeModel>;
  CustomerFilter: CustomerFilter;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CustomerIdentity: ResolverTypeWrapper<CustomerIdentityModel>;
  CustomerProfile: ResolverTypeWrapper<CustomerProfileModel>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FlowSync: ResolverTypeWrapper<FlowSyncModel>;
  FlowSyncState: FlowSyncState;
  LineItem: ResolverTypeWrapper<LineItemModel>;
  Location: ResolverTypeWrapper<LocationModel>;
  MarketingConsent: ResolverTypeWrapper<MarketingConsentModel>;
  Money: ResolverTypeWrapper<Money>;
  MoneyRange: MoneyRange;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  Order: ResolverTypeWrapper<OrderModel>;
  OrderConnection: ResolverTypeWrapper<OrderConnectionModel>;
  OrderEdge: ResolverTypeWrapper<OrderEdgeModel>;
  OrderSync: ResolverTypeWrapper<OrderSyncModel>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Product: ResolverTypeWrapper<ProductModel>;
  ProductConnection: ResolverTypeWrapper<ProductConnectionModel>;
  ProductEdge: ResolverTypeWrapper<ProductEdgeModel>;
  ProductStatus: ProductStatus;
  ProductVariant: ResolverTypeWrapper<ProductVariantModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Refund: ResolverTypeWrapper<RefundModel>;
  Source: Source;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Customer: CustomerModel;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  CustomerConnection: CustomerConnectionModel;
  CustomerEdge: CustomerEdgeModel;
  CustomerFilter: CustomerFilter;
  Boolean: Scalars['Boolean']['output'];
  CustomerIdentity: CustomerIdentityModel;
  CustomerProfile: CustomerProfileModel;
  DateTime: Scalars['DateTime']['output'];
  FlowSync: FlowSyncModel;
  LineItem: LineItemModel;
  Location: LocationModel;
  MarketingConsent: MarketingConsentModel;
  Money: Money;
  MoneyRange: MoneyRange;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  Order: OrderModel;
  OrderConnection: OrderConnectionModel;
  OrderEdge: OrderEdgeModel;
  OrderSync: OrderSyncModel;
  PageInfo: PageInfo;
  Product: ProductModel;
  ProductConnection: ProductConnectionModel;
  ProductEdge: ProductEdgeModel;
  ProductVariant: ProductVariantModel;
  Query: Record<PropertyKey, never>;
  Refund: RefundModel;
  String: Scalars['String']['output'];
};

export type ScopeDirectiveArgs = {
  requires: Array<Scalars['String']['input']>;
};

export type ScopeDirectiveResolver<
  Result,
  Parent,
  ContextType = Context,
  Args = ScopeDirectiveArgs,
> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CustomerResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer'],
  FederationReferenceType extends FederationReferenceTypes['Customer'] =
    FederationReferenceTypes['Customer'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['Customer']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  identities?: Resolver<Array<ResolversTypes['CustomerIdentity']>, ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  orders?: Resolver<
    Maybe<ResolversTypes['OrderConnection']>,
    ParentType,
    ContextType,
    RequireFields<CustomerOrdersArgs, 'first'>
  >;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  profile?: Resolver<Maybe<ResolversTypes['CustomerProfile']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CustomerConnectionResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['CustomerConnection'] =
    ResolversParentTypes['CustomerConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['CustomerEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Customer']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CustomerEdgeResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['CustomerEdge'] = ResolversParentTypes['CustomerEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
};

export type CustomerIdentityResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['CustomerIdentity'] =
    ResolversParentTypes['CustomerIdentity'],
> = {
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  sourceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CustomerProfileResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['CustomerProfile'] =
    ResolversParentTypes['CustomerProfile'],
> = {
  absorbedIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  averageOrderValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  booksOpenBalance?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  emailConsent?: Resolver<Maybe<ResolversTypes['MarketingConsent']>, ParentType, ContextType>;
  erpOpenBalance?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  firstOrderAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastOrderAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lifecycleStage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lifetimeValue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  orderCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  refundsTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  smsConsent?: Resolver<Maybe<ResolversTypes['MarketingConsent']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['DateTime'],
  any
> {
  name: 'DateTime';
}

export type FlowSyncResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['FlowSync'] = ResolversParentTypes['FlowSync'],
> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['FlowSyncState'], ParentType, ContextType>;
  targetId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type LineItemResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['LineItem'] = ResolversParentTypes['LineItem'],
> = {
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  variant?: Resolver<Maybe<ResolversTypes['ProductVariant']>, ParentType, ContextType>;
};

export type LocationResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Location'] = ResolversParentTypes['Location'],
  FederationReferenceType extends FederationReferenceTypes['Location'] =
    FederationReferenceTypes['Location'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['Location']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MarketingConsentResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['MarketingConsent'] =
    ResolversParentTypes['MarketingConsent'],
> = {
  changedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  granted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
};

export type MoneyResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money'],
> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NodeResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node'],
> = {
  __resolveType: TypeResolveFn<
    'Customer' | 'Location' | 'Order' | 'Product' | 'ProductVariant',
    ParentType,
    ContextType
  >;
};

export type OrderResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'],
  FederationReferenceType extends FederationReferenceTypes['Order'] =
    FederationReferenceTypes['Order'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['Order']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  cancelledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  financialStatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fulfillmentStatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lineItems?: Resolver<Array<ResolversTypes['LineItem']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  refunds?: Resolver<Array<ResolversTypes['Refund']>, ParentType, ContextType>;
  subtotalPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  sync?: Resolver<ResolversTypes['OrderSync'], ParentType, ContextType>;
  totalPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  totalTax?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrderConnectionResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['OrderConnection'] =
    ResolversParentTypes['OrderConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Order']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type OrderEdgeResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
};

export type OrderSyncResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['OrderSync'] = ResolversParentTypes['OrderSync'],
> = {
  accounting?: Resolver<Maybe<ResolversTypes['FlowSync']>, ParentType, ContextType>;
  erp?: Resolver<Maybe<ResolversTypes['FlowSync']>, ParentType, ContextType>;
  fulfilment?: Resolver<Maybe<ResolversTypes['FlowSync']>, ParentType, ContextType>;
};

export type PageInfoResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo'],
> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ProductResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'],
  FederationReferenceType extends FederationReferenceTypes['Product'] =
    FederationReferenceTypes['Product'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['Product']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  handle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  productType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProductStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['ProductVariant']>, ParentType, ContextType>;
  vendor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ProductConnectionResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['ProductConnection'] =
    ResolversParentTypes['ProductConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['ProductEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Product']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ProductEdgeResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['ProductEdge'] = ResolversParentTypes['ProductEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
};

export type ProductVariantResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['ProductVariant'] =
    ResolversParentTypes['ProductVariant'],
  FederationReferenceType extends FederationReferenceTypes['ProductVariant'] =
    FederationReferenceTypes['ProductVariant'],
> = {
  __resolveReference?: ReferenceResolver<
    Maybe<ResolversTypes['ProductVariant']> | FederationReferenceType,
    FederationReferenceType,
    ContextType
  >;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  product?: Resolver<Maybe<ResolversTypes['Product']>, ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type QueryResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query'],
> = {
  customer?: Resolver<
    Maybe<ResolversTypes['Customer']>,
    ParentType,
    ContextType,
    RequireFields<QueryCustomerArgs, 'id'>
  >;
  customers?: Resolver<
    Maybe<ResolversTypes['CustomerConnection']>,
    ParentType,
    ContextType,
    RequireFields<QueryCustomersArgs, 'first'>
  >;
  locations?: Resolver<Maybe<Array<ResolversTypes['Location']>>, ParentType, ContextType>;
  node?: Resolver<
    Maybe<ResolversTypes['Node']>,
    ParentType,
    ContextType,
    RequireFields<QueryNodeArgs, 'id'>
  >;
  nodes?: Resolver<
    Array<Maybe<ResolversTypes['Node']>>,
    ParentType,
    ContextType,
    RequireFields<QueryNodesArgs, 'ids'>
  >;
  order?: Resolver<
    Maybe<ResolversTypes['Order']>,
    ParentType,
    ContextType,
    RequireFields<QueryOrderArgs, 'id'>
  >;
  orders?: Resolver<
    Maybe<ResolversTypes['OrderConnection']>,
    ParentType,
    ContextType,
    RequireFields<QueryOrdersArgs, 'first'>
  >;
  product?: Resolver<
    Maybe<ResolversTypes['Product']>,
    ParentType,
    ContextType,
    RequireFields<QueryProductArgs, 'id'>
  >;
  products?: Resolver<
    Maybe<ResolversTypes['ProductConnection']>,
    ParentType,
    ContextType,
    RequireFields<QueryProductsArgs, 'first'>
  >;
};

export type RefundResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Refund'] = ResolversParentTypes['Refund'],
> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  note?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  CustomerIdentity?: CustomerIdentityResolvers<ContextType>;
  CustomerProfile?: CustomerProfileResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  FlowSync?: FlowSyncResolvers<ContextType>;
  LineItem?: LineItemResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  MarketingConsent?: MarketingConsentResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderSync?: OrderSyncResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  ProductConnection?: ProductConnectionResolvers<ContextType>;
  ProductEdge?: ProductEdgeResolvers<ContextType>;
  ProductVariant?: ProductVariantResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Refund?: RefundResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = Context> = {
  scope?: ScopeDirectiveResolver<any, any, ContextType>;
};
