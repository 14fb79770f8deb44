import { z } from 'zod';
import type { ShopifyClient } from './client';
import { ShopifyApiError } from './errors';

/**
 * Fulfilment writes (Admin API 2025-01): an order's fulfillment orders with what each line has
 * left, and `fulfillmentCreate` (fulfillmentCreateV2 is deprecated in 2025-01). Answers are
 * checked at the boundary; Shopify's refusals (userErrors, HTTP 200) come back as a result, not
 * an exception, for the caller to record.
 */

/** At most this many fulfillment orders, lines and fulfilments per order are read in one query. */
export const FULFILLMENT_ORDERS_PAGE = 10;
export const FULFILLMENT_ORDER_LINES_PAGE = 40;
export const FULFILLMENTS_PAGE = 5;
export const FULFILLMENT_LINES_PAGE = 20;

export const ORDER_FULFILLMENT_ORDERS = `query OrderFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    name
    fulfillmentOrders(first: ${FULFILLMENT_ORDERS_PAGE}) {
      pageInfo { hasNextPage }
      nodes {
        id
        status
        assignedLocation { name location { id } }
        lineItems(first: ${FULFILLMENT_ORDER_LINES_PAGE}) {
          pageInfo { hasNextPage }
          nodes { id sku totalQuantity remainingQuantity }
        }
      }
    }
    fulfillments(first: ${FULFILLMENTS_PAGE}) {
      id
      status
      fulfillmentLineItems(first: ${FULFILLMENT_LINES_PAGE}) {
        pageInfo { hasNextPage }
        nodes { quantity lineItem { sku } }
      }
    }
  }
}`;

export const FULFILLMENT_CREATE = `mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;

const pageInfo = z.object({ hasNextPage: z.boolean() });

const fulfillmentOrderSchema = z.object({
  id: z.string(),
  status: z.string(),
  assignedLocation: z.object({
    name: z.string(),
    location: z.object({ id: z.string() }).nullable(),
  }),
  lineItems: z.object({
    pageInfo,
    nodes: z.array(
      z.object({
        id: z.string(),
        sku: z.string().nullable(),
        totalQuantity: z.number().int(),
        remainingQuantity: z.number().int(),
      }),
    ),
  }),
});

const fulfillmentSchema = z.object({
  id: z.string(),
  status: z.string(),
  fulfillmentLineItems: z.object({
    pageInfo,
    nodes: z.array(
      z.object({
        quantity: z.number().int().nullable(),
        lineItem: z.object({ sku: z.string().nullable() }),
      }),
    ),
  }),
});

const orderAnswer = z.object({
  order: z
    .object({
      id: z.string(),
      name: z.string(),
      fulfillmentOrders: z.object({ pageInfo, nodes: z.array(fulfillmentOrderSchema) }),
      fulfillments: z.array(fulfillmentSchema),
    })
    .nullable(),
});

const userErrorSchema = z.object({
  field: z.array(z.string()).nullable(),
  message: z.string(),
});

const createAnswer = z.object({
  fulfillmentCreate: z
    .object({
      fulfillment: z.object({ id: z.string(), status: z.string() }).nullable(),
      userErrors: z.array(userErrorSchema),
    })
    .nullable(),
});

export interface FulfillmentOrderLine {
  id: string;
  sku: string | null;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrder {
  id: string;
  /** OPEN, IN_PROGRESS, CLOSED, CANCELLED, ON_HOLD, SCHEDULED, INCOMPLETE. */
  status: string;
  locationId: string | null;
  locationName: string;
  lineItems: FulfillmentOrderLine[];
}

/** A fulfilment already made: what it shipped, by SKU. */
export interface Fulfillment {
  id: string;
  /** SUCCESS, OPEN, PENDING count as shipped; CANCELLED, ERROR, FAILURE do not. */
  status: string;
  lines: { sku: string | null; quantity: number }[];
}

export interface OrderFulfillmentOrders {
  orderId: string;
  name: string;
  fulfillmentOrders: FulfillmentOrder[];
  fulfillments: Fulfillment[];
}

export interface FulfillmentInput {
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems: { id: string; quantity: number }[];
  }[];
  trackingInfo?: { company?: string; number?: string; url?: string };
  notifyCustomer: boolean;
}

export type FulfillmentResult =
  | { ok: true; fulfillmentId: string }
  | { ok: false; userErrors: { field: string[] | null; message: string }[] };

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ShopifyApiError(
    `Shopify ${what} answer has an unexpected shape: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    { code: 'SHOPIFY_BAD_ANSWER' },
  );
}

/** The order's fulfillment orders as Shopify has them now; null when the order does not exist. */
export async function readFulfillmentOrders(
  client: ShopifyClient,
  orderId: string,
  signal?: AbortSignal,
): Promise<OrderFulfillmentOrders | null> {
  const raw = await client.request<unknown>(ORDER_FULFILLMENT_ORDERS, { id: orderId }, signal);
  const { order } = parsed(orderAnswer, raw, 'fulfillment orders');
  if (!order) return null;
  const truncated =
    order.fulfillmentOrders.pageInfo.hasNextPage ||
    order.fulfillmentOrders.nodes.some((f) => f.lineItems.pageInfo.hasNextPage) ||
    order.fulfillments.length >= FULFILLMENTS_PAGE ||
    order.fulfillments.some((f) => f.fulfillmentLineItems.pageInfo.hasNextPage);
  if (truncated) {
    // Deciding on part of an order could fulfil a line twice over: refuse rather than guess.
    throw new ShopifyApiError(
      `order ${order.name} is larger than one read covers (${FULFILLMENT_ORDERS_PAGE} fulfillment orders of ${FULFILLMENT_ORDER_LINES_PAGE} lines, ${FULFILLMENTS_PAGE - 1} fulfilments of ${FULFILLMENT_LINES_PAGE} lines)`,
      { code: 'SHOPIFY_ORDER_TOO_LARGE' },
    );
  }
  return {
    orderId: order.id,
    name: order.name,
    fulfillmentOrders: order.fulfillmentOrders.nodes.map((f) => ({
      id: f.id,
      status: f.status,
      locationId: f.assignedLocation.location?.id ?? null,
      locationName: f.assignedLocation.name,
      lineItems: f.lineItems.nodes,
    })),
    fulfillments: order.fulfillments.map((f) => ({
      id: f.id,
      status: f.status,
      lines: f.fulfillmentLineItems.nodes.map((l) => ({
        sku: l.lineItem.sku,
        quantity: l.quantity ?? 0,
      })),
    })),
  };
}

/**
 * One fulfilment. Sent once (no retry inside the client): a retry after a lost answer could ship
 * the same units twice where the line has more left, so the caller re-reads the fulfillment
 * orders and decides again instead.
 */
export async function createFulfillment(
  client: ShopifyClient,
  input: FulfillmentInput,
  signal?: AbortSignal,
): Promise<FulfillmentResult> {
  const raw = await client.request<unknown>(FULFILLMENT_CREATE, { fulfillment: input }, signal, {
    retries: 0,
  });
  const answer = parsed(createAnswer, raw, 'fulfillmentCreate').fulfillmentCreate;
  if (!answer) {
    throw new ShopifyApiError('Shopify answered fulfillmentCreate with null', {
      code: 'SHOPIFY_BAD_ANSWER',
    });
  }
  if (answer.userErrors.length > 0 || !answer.fulfillment) {
    return { ok: false, userErrors: answer.userErrors };
  }
  return { ok: true, fulfillmentId: answer.fulfillment.id };
}
