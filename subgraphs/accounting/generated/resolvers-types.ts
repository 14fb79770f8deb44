import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type {
  CustomerAccountingModel,
  InvoiceModel,
  InvoiceConnectionModel,
  InvoiceEdgeModel,
  PaymentModel,
  PaymentConnectionModel,
  PaymentEdgeModel,
  Context,
} from '../models';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
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

export type Customer = {
  __typename?: 'Customer';
  accounting: Maybe<CustomerAccounting>;
  id: Scalars['ID']['output'];
};

export type CustomerAccounting = {
  __typename?: 'CustomerAccounting';
  currency: Scalars['String']['output'];
  /** Newest first. */
  invoices: InvoiceConnection;
  /** What the customer owes, as the accounting system states it. */
  openBalance: Money;
  /** Newest first. */
  payments: PaymentConnection;
};

export type CustomerAccountingInvoicesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type CustomerAccountingPaymentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Invoice = {
  __typename?: 'Invoice';
  balance: Money;
  issuedAt: Scalars['DateTime']['output'];
  number: Scalars['String']['output'];
  orderName: Maybe<Scalars['String']['output']>;
  total: Money;
};

export type InvoiceConnection = {
  __typename?: 'InvoiceConnection';
  edges: Array<InvoiceEdge>;
  nodes: Array<Invoice>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type InvoiceEdge = {
  __typename?: 'InvoiceEdge';
  cursor: Scalars['String']['output'];
  node: Invoice;
};

/** An amount of money. The amount is a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currencyCode: Scalars['String']['output'];
};

export type Order = {
  __typename?: 'Order';
  /** What accounting knows of this order (matched on the order name). */
  accounting: Maybe<OrderAccounting>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type OrderAccounting = {
  __typename?: 'OrderAccounting';
  /** The sum of the payment fees booked against the order. */
  fees: Money;
  invoiceNumber: Maybe<Scalars['String']['output']>;
  /** True when the order's invoice has a zero balance. */
  paid: Scalars['Boolean']['output'];
  /** The sum of the order's credit memos. */
  refundedAmount: Money;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Payment = {
  __typename?: 'Payment';
  amount: Money;
  paidAt: Scalars['DateTime']['output'];
};

export type PaymentConnection = {
  __typename?: 'PaymentConnection';
  edges: Array<PaymentEdge>;
  nodes: Array<Payment>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type PaymentEdge = {
  __typename?: 'PaymentEdge';
  cursor: Scalars['String']['output'];
  node: Payment;
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
  Order: Order;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Customer: { __typename: 'Customer' } & GraphQLRecursivePick<
    FederationTypes['Customer'],
    { id: true }
  >;
  Order: { __typename: 'Order' } & GraphQLRecursivePick<FederationTypes['Order'], { id: true }> &
    (Record<PropertyKey, never> | GraphQLRecursivePick<FederationTypes['Order'], { name: true }>);
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Customer: ResolverTypeWrapper<
    Omit<Customer, 'accounting'> & { accounting?: Maybe<ResolversTypes['CustomerAccounting']> }
  >;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CustomerAccounting: ResolverTypeWrapper<CustomerAccountingModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Invoice: ResolverTypeWrapper<InvoiceModel>;
  InvoiceConnection: ResolverTypeWrapper<InvoiceConnectionModel>;
  InvoiceEdge: ResolverTypeWrapper<InvoiceEdgeModel>;
  Money: ResolverTypeWrapper<Money>;
  Order: ResolverTypeWrapper<Order>;
  OrderAccounting: ResolverTypeWrapper<OrderAccounting>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentConnection: ResolverTypeWrapper<PaymentConnectionModel>;
  PaymentEdge: ResolverTypeWrapper<PaymentEdgeModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Customer:
    | (Omit<Customer, 'accounting'> & {
        accounting?: Maybe<ResolversParentTypes['CustomerAccounting']>;
      })
    | FederationReferenceTypes['Customer'];
  ID: Scalars['ID']['output'];
  CustomerAccounting: CustomerAccountingModel;
  Int: Scalars['Int']['output'];
  DateTime: Scalars['DateTime']['output'];
  Invoice: InvoiceModel;
  InvoiceConnection: InvoiceConnectionModel;
  InvoiceEdge: InvoiceEdgeModel;
  Money: Money;
  Order: Order | FederationReferenceTypes['Order'];
  OrderAccounting: OrderAccounting;
  Boolean: Scalars['Boolean']['output'];
  PageInfo: PageInfo;
  Payment: PaymentModel;
  PaymentConnection: PaymentConnectionModel;
  PaymentEdge: PaymentEdgeModel;
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
  accounting?: Resolver<Maybe<ResolversTypes['CustomerAccounting']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CustomerAccountingResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['CustomerAccounting'] =
    ResolversParentTypes['CustomerAccounting'],
> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  invoices?: Resolver<
    ResolversTypes['InvoiceConnection'],
    ParentType,
    ContextType,
    RequireFields<CustomerAccountingInvoicesArgs, 'first'>
  >;
  openBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  payments?: Resolver<
    ResolversTypes['PaymentConnection'],
    ParentType,
    ContextType,
    RequireFields<CustomerAccountingPaymentsArgs, 'first'>
  >;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['DateTime'],
  any
> {
  name: 'DateTime';
}

export type InvoiceResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Invoice'] = ResolversParentTypes['Invoice'],
> = {
  balance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  orderName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type InvoiceConnectionResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['InvoiceConnection'] =
    ResolversParentTypes['InvoiceConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['InvoiceEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Invoice']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InvoiceEdgeResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['InvoiceEdge'] = ResolversParentTypes['InvoiceEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Invoice'], ParentType, ContextType>;
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
  accounting?: Resolver<Maybe<ResolversTypes['OrderAccounting']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type OrderAccountingResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['OrderAccounting'] =
    ResolversParentTypes['OrderAccounting'],
> = {
  fees?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  invoiceNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  paid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  refundedAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type PageInfoResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo'],
> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PaymentResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment'],
> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  paidAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type PaymentConnectionResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['PaymentConnection'] =
    ResolversParentTypes['PaymentConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['PaymentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Payment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PaymentEdgeResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['PaymentEdge'] = ResolversParentTypes['PaymentEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Payment'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Customer?: CustomerResolvers<ContextType>;
  CustomerAccounting?: CustomerAccountingResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Invoice?: InvoiceResolvers<ContextType>;
  InvoiceConnection?: InvoiceConnectionResolvers<ContextType>;
  InvoiceEdge?: InvoiceEdgeResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderAccounting?: OrderAccountingResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentConnection?: PaymentConnectionResolvers<ContextType>;
  PaymentEdge?: PaymentEdgeResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = Context> = {
  scope?: ScopeDirectiveResolver<any, any, ContextType>;
};
