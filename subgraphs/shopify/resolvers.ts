import { money } from '../common/money';
import { readPage } from '../common/pagination';
import type { FlowRunState } from '../../store/flows/flow-run.entity';
import type { FlowSyncState, Resolvers, Source } from './generated/resolvers-types';
import type { MarketingConsentModel } from './models';
import { loadNode, loadNodes, nodeTypeOf } from './nodes';
import { listCustomers, listLocations, listOrders, listProducts } from './queries';

// Source names are lower-case in the store and upper-case GraphQL enum values.
const sourceValues = {
  SHOPIFY: 'shopify',
  ERP: 'erp',
  CRM: 'crm',
  ACCOUNTING: 'accounting',
} as const satisfies Record<Source, string>;

// The ledger's states, lower-case in flow_run, as GraphQL enum values; both ways total, so a state
// added to the ledger fails to compile until the graph names it.
const flowSyncStateValues = {
  PENDING: 'pending',
  DONE: 'done',
  PARKED: 'parked',
  SKIPPED: 'skipped',
  FAILED: 'failed',
  RETRYING: 'retrying',
} as const satisfies Record<FlowSyncState, FlowRunState>;
type NamedStates = (typeof flowSyncStateValues)[FlowSyncState];
const everyStateNamed: [FlowRunState] extends [NamedStates] ? true : never = true;
void everyStateNamed;

export function createShopifyResolvers({
  shopCurrency,
}: {
  shopCurrency: string;
}): Resolvers & { Source: typeof sourceValues; FlowSyncState: typeof flowSyncStateValues } {
  return {
    Query: {
      node: (_, { id }, { loaders }) => loadNode(loaders, id),
      nodes: (_, { ids }, { loaders }) => loadNodes(loaders, ids),
      customer: (_, { id }, { loaders }) => loaders.customer.load(id),
      customers: (_, args, { em }) => listCustomers(em, args),
      order: (_, { id }, { loaders }) => loaders.order.load(id),
      orders: (_, args, { em }) => listOrders(em, args),
      product: (_, { id }, { loaders }) => loaders.product.load(id),
      products: (_, args, { em }) => listProducts(em, args),
      locations: (_, _args, { em }) => listLocations(em),
    },
    Source: sourceValues,
    FlowSyncState: flowSyncStateValues,
    Node: {
      __resolveType: (node) => nodeTypeOf(node),
    },
    Customer: {
      __resolveReference: ({ id }, { loaders }) => loaders.customer.load(id),
      identities: (customer, _, { loaders }) => loaders.identities.load(customer.id),
      orders: (customer, args, { loaders }) =>
        loaders.ordersOfCustomer.load({ id: customer.id, args: readPage(args, 2) }),
      profile: (customer, _, { loaders }) => loaders.profile.load(customer.id),
    },
    CustomerProfile: {
      lifetimeValue: (p) => money(p.lifetimeValue, p.currency ?? shopCurrency),
      averageOrderValue: (p) =>
        p.averageOrderValue === null
          ? null
          : money(p.averageOrderValue, p.currency ?? shopCurrency),
      refundsTotal: (p) => money(p.refundsTotal, p.currency ?? shopCurrency),
      erpOpenBalance: (p) =>
        p.erpBalance === null ? null : money(p.erpBalance, p.erpCurrency ?? shopCurrency),
      booksOpenBalance: (p) =>
        p.booksBalance === null ? null : money(p.booksBalance, p.booksCurrency ?? shopCurrency),
      owner: (p) => p.ownerEmail,
      emailConsent: (p) => consent(p.emailConsent, p.emailConsentSource, p.emailConsentChangedAt),
      smsConsent: (p) => consent(p.smsConsent, p.smsConsentSource, p.smsConsentChangedAt),
    },
    Order: {
      __resolveReference: ({ id }, { loaders }) => loaders.order.load(id),
      totalPrice: (order) => money(order.totalPrice, order.currency),
      subtotalPrice: (order) => money(order.subtotalPrice, order.currency),
      totalTax: (order) => money(order.totalTax, order.currency),
      customer: async (order, _, { loaders }) => {
        if (!order.customerSourceId) return null;
        const identity = await loaders.shopifyIdentity.load(order.customerSourceId);
        return identity ? loaders.customer.load(identity.customerId) : null;
      },
      lineItems: async (order, _, { loaders }) =>
        (await loaders.lines.load(order.id)).map((line) => ({ ...line, currency: order.currency })),
      sync: (order, _, { loaders }) => loaders.orderSync.load(order),
      refunds: async (order, _, { loaders }) =>
        (await loaders.refunds.load(order.id)).map((refund) => ({
          ...refund,
          currency: order.currency,
        })),
    },
    FlowSync: {
      nextAttemptAt: (run) => (run.state === 'retrying' ? run.nextAttemptAt : null),
    },
    LineItem: {
      unitPrice: (line) => money(line.unitPrice, line.currency),
      variant: (line, _, { loaders }) =>
        line.variantId ? loaders.variant.load(line.variantId) : null,
    },
    Refund: {
      amount: (refund) => money(refund.amount, refund.currency),
    },
    Product: {
      __resolveReference: ({ id }, { loaders }) => loaders.product.load(id),
      variants: (product, _, { loaders }) => loaders.variants.load(product.id),
    },
    ProductVariant: {
      __resolveReference: ({ id }, { loaders }) => loaders.variant.load(id),
      price: (variant) => money(variant.price, shopCurrency),
      product: (variant, _, { loaders }) => loaders.product.load(variant.productId),
    },
    Location: {
      __resolveReference: ({ id }, { loaders }) => loaders.location.load(id),
    },
  };
}

function consent(
  granted: boolean | null,
  source: string | null,
  changedAt: Date | null,
): MarketingConsentModel | null {
  return granted !== null && source !== null && changedAt !== null
    ? { granted, source, changedAt }
    : null;
}
