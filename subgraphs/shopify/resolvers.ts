import type {
  Customer,
  CustomerIdentity,
  Order,
  OrderLine,
  OrderRefund,
  Product,
  Variant,
} from '../../store/entities';
import { money } from '../common/money';
import { readPage, type PageArgs } from '../common/pagination';
import type { ResolverMap, Scope } from '../common/request-scope';
import type { ShopifyLoaders } from './loaders';
import { listCustomers, listLocations, listOrders, listProducts } from './queries';

type Ctx = Scope<ShopifyLoaders>;
type Ref = { id: string };
type Priced<T> = T & { currency: string };

export function createShopifyResolvers({ shopCurrency }: { shopCurrency: string }): ResolverMap {
  return {
    Query: {
      customer: (_: unknown, { id }: Ref, { loaders }: Ctx) => loaders.customer.load(id),
      customers: (_: unknown, args: Parameters<typeof listCustomers>[1], { em }: Ctx) =>
        listCustomers(em, args),
      order: (_: unknown, { id }: Ref, { loaders }: Ctx) => loaders.order.load(id),
      orders: (_: unknown, args: Parameters<typeof listOrders>[1], { em }: Ctx) =>
        listOrders(em, args),
      product: (_: unknown, { id }: Ref, { loaders }: Ctx) => loaders.product.load(id),
      products: (_: unknown, args: Parameters<typeof listProducts>[1], { em }: Ctx) =>
        listProducts(em, args),
      locations: (_: unknown, _args: unknown, { em }: Ctx) => listLocations(em),
    },
    // Source names are lower-case in the store and upper-case GraphQL enum values.
    Source: { SHOPIFY: 'shopify', ERP: 'erp', CRM: 'crm', ACCOUNTING: 'accounting' },
    Customer: {
      __resolveReference: ({ id }: Ref, { loaders }: Ctx) => loaders.customer.load(id),
      identities: (customer: Customer, _: unknown, { loaders }: Ctx) =>
        loaders.identities.load(customer.id),
      orders: (customer: Customer, args: PageArgs, { loaders }: Ctx) =>
        loaders.ordersOfCustomer.load({ id: customer.id, args: readPage(args, 2) }),
    },
    CustomerIdentity: {
      source: (identity: CustomerIdentity) => identity.source,
    },
    Order: {
      __resolveReference: ({ id }: Ref, { loaders }: Ctx) => loaders.order.load(id),
      totalPrice: (order: Order) => money(order.totalPrice, order.currency),
      subtotalPrice: (order: Order) => money(order.subtotalPrice, order.currency),
      totalTax: (order: Order) => money(order.totalTax, order.currency),
      customer: async (order: Order, _: unknown, { loaders }: Ctx) => {
        if (!order.customerSourceId) return null;
        const identity = await loaders.shopifyIdentity.load(order.customerSourceId);
        return identity ? loaders.customer.load(identity.customerId) : null;
      },
      lineItems: async (order: Order, _: unknown, { loaders }: Ctx) =>
        (await loaders.lines.load(order.id)).map((line) => ({ ...line, currency: order.currency })),
      refunds: async (order: Order, _: unknown, { loaders }: Ctx) =>
        (await loaders.refunds.load(order.id)).map((refund) => ({
          ...refund,
          currency: order.currency,
        })),
    },
    LineItem: {
      unitPrice: (line: Priced<OrderLine>) => money(line.unitPrice, line.currency),
      variant: (line: Priced<OrderLine>, _: unknown, { loaders }: Ctx) =>
        line.variantId ? loaders.variant.load(line.variantId) : null,
    },
    Refund: {
      amount: (refund: Priced<OrderRefund>) => money(refund.amount, refund.currency),
    },
    Product: {
      __resolveReference: ({ id }: Ref, { loaders }: Ctx) => loaders.product.load(id),
      variants: (product: Product, _: unknown, { loaders }: Ctx) =>
        loaders.variants.load(product.id),
    },
    ProductVariant: {
      __resolveReference: ({ id }: Ref, { loaders }: Ctx) => loaders.variant.load(id),
      price: (variant: Variant) => money(variant.price, shopCurrency),
      product: (variant: Variant, _: unknown, { loaders }: Ctx) =>
        loaders.product.load(variant.productId),
    },
    Location: {
      __resolveReference: ({ id }: Ref, { loaders }: Ctx) => loaders.location.load(id),
    },
  };
}
