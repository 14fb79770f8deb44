import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type {
  CrmProfileModel,
  CrmCompanyModel,
  DealModel,
  DealConnectionModel,
  DealEdgeModel,
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

export type CrmCompany = {
  __typename?: 'CrmCompany';
  domain: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
};

export type CrmProfile = {
  __typename?: 'CrmProfile';
  company: Maybe<CrmCompany>;
  /** Deals that name this contact, newest first. */
  deals: DealConnection;
  lastActivityAt: Maybe<Scalars['DateTime']['output']>;
  leadStatus: Maybe<Scalars['String']['output']>;
  lifecycleStage: Maybe<Scalars['String']['output']>;
  marketingConsent: Scalars['Boolean']['output'];
  ownerEmail: Maybe<Scalars['String']['output']>;
};

export type CrmProfileDealsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Customer = {
  __typename?: 'Customer';
  crm: Maybe<CrmProfile>;
  id: Scalars['ID']['output'];
};

export type Deal = {
  __typename?: 'Deal';
  amount: Money;
  closeDate: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  pipeline: Maybe<Scalars['String']['output']>;
  stage: Scalars['String']['output'];
};

export type DealConnection = {
  __typename?: 'DealConnection';
  edges: Array<DealEdge>;
  nodes: Array<Deal>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DealEdge = {
  __typename?: 'DealEdge';
  cursor: Scalars['String']['output'];
  node: Deal;
};

/** An amount of money. The amount is a decimal string, never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['String']['output'];
  currencyCode: Scalars['String']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
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
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Customer: { __typename: 'Customer' } & GraphQLRecursivePick<
    FederationTypes['Customer'],
    { id: true }
  >;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  CrmCompany: ResolverTypeWrapper<CrmCompanyModel>;
  CrmProfile: ResolverTypeWrapper<CrmProfileModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Customer: ResolverTypeWrapper<
    Omit<Customer, 'crm'> & { crm?: Maybe<ResolversTypes['CrmProfile']> }
  >;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Deal: ResolverTypeWrapper<DealModel>;
  DealConnection: ResolverTypeWrapper<DealConnectionModel>;
  DealEdge: ResolverTypeWrapper<DealEdgeModel>;
  Money: ResolverTypeWrapper<Money>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  CrmCompany: CrmCompanyModel;
  CrmProfile: CrmProfileModel;
  Int: Scalars['Int']['output'];
  Boolean: Scalars['Boolean']['output'];
  Customer:
    | (Omit<Customer, 'crm'> & { crm?: Maybe<ResolversParentTypes['CrmProfile']> })
    | FederationReferenceTypes['Customer'];
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Deal: DealModel;
  DealConnection: DealConnectionModel;
  DealEdge: DealEdgeModel;
  Money: Money;
  PageInfo: PageInfo;
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

export type CrmCompanyResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['CrmCompany'] = ResolversParentTypes['CrmCompany'],
> = {
  domain?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CrmProfileResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['CrmProfile'] = ResolversParentTypes['CrmProfile'],
> = {
  company?: Resolver<Maybe<ResolversTypes['CrmCompany']>, ParentType, ContextType>;
  deals?: Resolver<
    ResolversTypes['DealConnection'],
    ParentType,
    ContextType,
    RequireFields<CrmProfileDealsArgs, 'first'>
  >;
  lastActivityAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  leadStatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lifecycleStage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  marketingConsent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  ownerEmail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

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
  crm?: Resolver<Maybe<ResolversTypes['CrmProfile']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<
  ResolversTypes['DateTime'],
  any
> {
  name: 'DateTime';
}

export type DealResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Deal'] = ResolversParentTypes['Deal'],
> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  closeDate?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pipeline?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DealConnectionResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['DealConnection'] =
    ResolversParentTypes['DealConnection'],
> = {
  edges?: Resolver<Array<ResolversTypes['DealEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Deal']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DealEdgeResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['DealEdge'] = ResolversParentTypes['DealEdge'],
> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Deal'], ParentType, ContextType>;
};

export type MoneyResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money'],
> = {
  amount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currencyCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PageInfoResolvers<
  ContextType = Context,
  ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo'],
> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  CrmCompany?: CrmCompanyResolvers<ContextType>;
  CrmProfile?: CrmProfileResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Deal?: DealResolvers<ContextType>;
  DealConnection?: DealConnectionResolvers<ContextType>;
  DealEdge?: DealEdgeResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = Context> = {
  scope?: ScopeDirectiveResolver<any, any, ContextType>;
};
