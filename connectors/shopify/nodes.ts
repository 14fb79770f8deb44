import { z } from 'zod';

/**
 * zod schemas of the nodes the webhook worker re-reads (`ORDER_QUERY`, `INVENTORY_LEVEL_QUERY`),
 * as documents.ts selects them: the single source of those shapes (types.ts infers from here). A
 * re-read answers an untrusted webhook, so its node is checked before it is mapped. Money stays a
 * decimal string end to end; a number or an exponent is refused rather than rounded.
 */

const gid = z.string().regex(/^gid:\/\/shopify\/\w+\/\d+/, 'not a Shopify gid');
const instant = z.iso.datetime({ offset: true });
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal string');

export const moneyBagSchema = z.object({
  shopMoney: z.object({ amount: decimal, currencyCode: z.string().min(3) }),
});

const lineItemSchema = z.object({
  id: gid,
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int(),
  originalUnitPriceSet: moneyBagSchema,
  variant: z.object({ id: gid }).nullable(),
});

const refundSchema = z.object({
  id: gid,
  createdAt: instant.nullable(),
  note: z.string().nullable(),
  totalRefundedSet: moneyBagSchema,
});

const transactionSchema = z.object({
  id: gid,
  kind: z.string(),
  status: z.string(),
  gateway: z.string().nullable(),
  createdAt: instant,
  amountSet: moneyBagSchema,
});

const fulfillmentSchema = z.object({
  id: gid,
  status: z.string(),
  createdAt: instant,
  trackingInfo: z.array(
    z.object({ number: z.string().nullable(), company: z.string().nullable() }),
  ),
});

export const orderNodeSchema = z.object({
  id: gid,
  name: z.string(),
  email: z.string().nullable(),
  customer: z.object({ id: gid }).nullable(),
  currencyCode: z.string().min(3),
  totalPriceSet: moneyBagSchema,
  subtotalPriceSet: moneyBagSchema.nullable(),
  totalTaxSet: moneyBagSchema.nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  createdAt: instant,
  updatedAt: instant,
  cancelledAt: instant.nullable(),
  lineItems: z.object({ nodes: z.array(lineItemSchema) }),
  refunds: z.array(refundSchema),
  transactions: z.array(transactionSchema),
  fulfillments: z.array(fulfillmentSchema),
});

export const inventoryLevelNodeSchema = z.object({
  id: z.string().min(1),
  updatedAt: instant,
  item: z.object({
    id: gid,
    sku: z.string().nullable(),
    variant: z.object({ product: z.object({ id: gid }) }),
  }),
  location: z.object({ id: gid }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});

/** `ORDER_QUERY`'s data: null once the order is gone. */
export const orderReadSchema = z.object({ order: orderNodeSchema.nullable() });

/** `INVENTORY_LEVEL_QUERY`'s data: null when the item is gone or not stocked at the location. */
export const inventoryLevelReadSchema = z.object({
  inventoryItem: z.object({ inventoryLevel: inventoryLevelNodeSchema.nullable() }).nullable(),
});
