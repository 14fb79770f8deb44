import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type {
  StockLevelModel,
  ErpSalesOrderModel,
  ShipmentModel,
  ErpCustomerModel,
  Context,
} from '../models';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
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

export type Customer = {
  __typename?: 'Customer';
  erp: Maybe<ErpCustomer>;
  id: Scalars['ID']['output'];
};

export type ErpCustomer = {
  __typename?: 'ErpCustomer';
  balanceDue: Money;
  number: Scalars['String']['output'];
};

export type ErpSalesOrder = {
  __typename?: 'ErpSalesOrder';
  orderDate: Maybe<Scalars['DateTime']['output']>;
  salesOrderNumber: Scalars['String']['output'];
  shipments: Array<Shipment>;
  status: Scalars['String']['output'];
  total: Maybe<Money>;
};

export type Location = {
  __typename?: 'Location';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

/** An amount of money. The amount is a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currencyCode: Scalars['String']['output'];
};

export type Order = {
  __typename?: 'Order';
  /** The ERP sales order made for this order (matched on the order name). */
  erp: Maybe<ErpSalesOrder>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type ProductVariant = {
  __typename?: 'ProductVariant';
  id: Scalars['ID']['output'];
  /** Stock of this variant at each ERP location. */
  stock: Array<StockLevel>;
  /** The ERP item's unit cost. */
  unitCost: Maybe<Money>;
};

export type Shipment = {
  __typename?: 'Shipment';
  number: Scalars['String']['output'];
  postedAt: Maybe<Scalars['DateTime']['output']>;
};

export type StockLevel = {
  __typename?: 'StockLevel';
  available: Scalars['Int']['output'];
  committed: Scalars['Int']['output'];
  incoming: Scalars['Int']['output'];
  location: Location;
  onHand: Scalars['Int']['output'];
};

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
  Order: { __typename: 'Order' } & GraphQLRecursivePick<FederationTypes['Order'], { id: true }> &
    (Record<PropertyKey, never> | GraphQLRecursivePick<FederationTypes['Order'], { name: true }>);
  ProductVariant: { __typename: 'ProductVariant' } & GraphQLRecursivePick<
    FederationTypes['ProductVariant'],
    { id: true }
  >;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Customer: ResolverTypeWrapper<
    Omit<Customer, 'erp'> & { erp?: Maybe<ResolversTypes['ErpCustomer']> }
  >;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  ErpCustomer: ResolverTypeWrapper<ErpCustomerModel>;
  ErpSalesOrder: ResolverTypeWrapper<ErpSalesOrderModel>;
  Location: ResolverTypeWrapper<Location>;
  Money: ResolverTypeWrapper<Money>;
  Order: ResolverTypeWrapper<Omit<Order, 'erp'> & { erp?: Maybe<ResolversTypes['ErpSalesOrder']> }>;
  ProductVariant: ResolverTypeWrapper<
    Omit<ProductVariant, 'stock'> & { stock: Array<ResolversTypes['StockLevel']> }
  >;
  Shipment: ResolverTypeWrapper<ShipmentModel>;
  StockLevel: ResolverTypeWrapper<StockLevelModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Customer:
    | (Omit<Customer, 'erp'> & { erp?: Maybe<ResolversParentTypes['ErpCustomer']> })
    | FederationReferenceTypes['Customer'];
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  ErpCustomer: ErpCustomerModel;
  ErpSalesOrder: ErpSalesOrderModel;
  Location: Location | FederationReferenceTypes['Location'];
  Money: Money;
  Order:
    | (Omit<Order, 'erp'> & { erp?: Maybe<ResolversParentTypes['ErpSalesOrder']> })
    | FederationReferenceTypes['Order'];
  ProductVariant:
    | (Omit<ProductVariant, 'stock'> & { stock: Array<ResolversParentTypes['StockLevel']> })
    | FederationReferenceTypes['ProductVariant'];
  Shipment: ShipmentModel;
  StockLevel: StockLevelModel;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
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
  erp?: Resolver<Maybe<ResolversTypes['ErpCustomer']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['DateTime'],
  any
> {
  name: 'DateTime';
}

export type ErpCustomerResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['ErpCustomer'] = ResolversParentTypes['ErpCustomer'],
> = {
  balanceDue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ErpSalesOrderResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['ErpSalesOrder'] = ResolversParentTypes['ErpSalesOrder'],
> = {
  orderDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  salesOrderNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shipments?: Resolver<Array<ResolversTypes['Shipment']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
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
};

export type MoneyResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money'],
> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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
  erp?: Resolver<Maybe<ResolversTypes['ErpSalesOrder']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
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
  stock?: Resolver<Array<ResolversTypes['StockLevel']>, ParentType, ContextType>;
  unitCost?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
};

export type ShipmentResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Shipment'] = ResolversParentTypes['Shipment'],
> = {
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  postedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type StockLevelResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['StockLevel'] = ResolversParentTypes['StockLevel'],
> = {
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  committed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  incoming?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  location?: Resolver<ResolversTypes['Location'], ParentType, ContextType>;
  onHand?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  ErpCustomer?: ErpCustomerResolvers<ContextType>;
  ErpSalesOrder?: ErpSalesOrderResolvers<ContextType>;
  Location?: LocationResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  ProductVariant?: ProductVariantResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  StockLevel?: StockLevelResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = Context> = {
  scope?: ScopeDirectiveResolver<any, any, ContextType>;
};
