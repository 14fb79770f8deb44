import { z } from 'zod';
import { ShopifyApiError } from './errors';
import type { ShopifyClient } from './client';

/**
 * Shopify Payments, read for the books: payouts (newest first) and the balance transactions a
 * payout paid out (`payments_transfer_id:<payout>`, transfers hidden). Validated with zod; money
 * stays a decimal string.
 */

const PAGE = 50;

export const PAYOUTS_QUERY = `query Payouts($first: Int!, $after: String) {
  shopifyPaymentsAccount {
    payouts(first: $first, after: $after, sortKey: ISSUED_AT, reverse: true) {
      nodes { id legacyResourceId issuedAt status net { amount currencyCode } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const PAYOUT_QUERY = `query Payout($query: String!) {
  shopifyPaymentsAccount {
    payouts(first: 1, query: $query) {
      nodes { id legacyResourceId issuedAt status net { amount currencyCode } }
    }
  }
}`;

export const PAYOUT_TRANSACTIONS_QUERY = `query PayoutTransactions($first: Int!, $after: String, $query: String!) {
  shopifyPaymentsAccount {
    balanceTransactions(first: $first, after: $after, query: $query, hideTransfers: true) {
      nodes {
        id
        type
        amount { amount }
        fee { amount }
        net { amount }
        sourceOrderTransactionId
        adjustmentReason
        associatedOrder { id name }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const payoutSchema = z.object({
  id: z.string().min(1),
  legacyResourceId: z.string().regex(/^\d+$/),
  issuedAt: z.string().min(1),
  status: z.string(),
  net: z.object({ amount: decimal, currencyCode: z.string().length(3) }),
});
export type ShopifyPayout = z.infer<typeof payoutSchema>;

const transactionSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  amount: z.object({ amount: decimal }),
  fee: z.object({ amount: decimal }),
  net: z.object({ amount: decimal }),
  sourceOrderTransactionId: z.string().nullable().optional(),
  adjustmentReason: z.string().nullable().optional(),
  associatedOrder: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
});
export type BalanceTransaction = z.infer<typeof transactionSchema>;

const payoutsAnswer = z.object({
  shopifyPaymentsAccount: z
    .object({ payouts: z.object({ nodes: z.array(payoutSchema), pageInfo }) })
    .nullable(),
});
const payoutAnswer = z.object({
  shopifyPaymentsAccount: z
    .object({ payouts: z.object({ nodes: z.array(payoutSchema) }) })
    .nullable(),
});
const transactionsAnswer = z.object({
  shopifyPaymentsAccount: z
    .object({ balanceTransactions: z.object({ nodes: z.array(transactionSchema), pageInfo }) })
    .nullable(),
});

type TransactionsPage = NonNullable<
  z.output<typeof transactionsAnswer>['shopifyPaymentsAccount']
>['balanceTransactions'];

function parsed<T extends z.ZodType>(schema: T, data: unknown, what: string): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ShopifyApiError(
    `Shopify ${what} answer unexpected: ${result.error.issues[0]?.message ?? 'invalid'}`,
    { code: 'SHOPIFY_ANSWER' },
  );
}

export interface ShopifyPaymentsReader {
  /** One page of payouts, newest first. */
  payouts(
    after: string | null,
    signal?: AbortSignal,
  ): Promise<{ payouts: ShopifyPayout[]; endCursor: string | null; hasNextPage: boolean }>;
  /** A payout by its numeric id, or undefined. */
  payout(legacyId: string, signal?: AbortSignal): Promise<ShopifyPayout | undefined>;
  /** Every balance transaction the payout paid out (charges, refunds, adjustments; no transfer). */
  transactionsOf(legacyId: string, signal?: AbortSignal): Promise<BalanceTransaction[]>;
}

export function createShopifyPaymentsReader(client: ShopifyClient): ShopifyPaymentsReader {
  return {
    async payouts(after, signal) {
      const data = await client.request<unknown>(PAYOUTS_QUERY, { first: PAGE, after }, signal);
      const page = parsed(payoutsAnswer, data, 'payouts').shopifyPaymentsAccount?.payouts;
      return {
        payouts: page?.nodes ?? [],
        endCursor: page?.pageInfo.endCursor ?? null,
        hasNextPage: page?.pageInfo.hasNextPage ?? false,
      };
    },
    async payout(legacyId, signal) {
      const data = await client.request<unknown>(PAYOUT_QUERY, { query: `id:${legacyId}` }, signal);
      const nodes = parsed(payoutAnswer, data, 'payout').shopifyPaymentsAccount?.payouts.nodes;
      return nodes?.find((p) => p.legacyResourceId === legacyId);
    },
    async transactionsOf(legacyId, signal) {
      const all: BalanceTransaction[] = [];
      let after: string | null = null;
      for (;;) {
        const data: unknown = await client.request<unknown>(
          PAYOUT_TRANSACTIONS_QUERY,
          { first: PAGE, after, query: `payments_transfer_id:${legacyId}` },
          signal,
        );
        const page: TransactionsPage | undefined = parsed(
          transactionsAnswer,
          data,
          'balance transactions',
        ).shopifyPaymentsAccount?.balanceTransactions;
        if (!page) return all;
        all.push(...page.nodes);
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return all;
        after = page.pageInfo.endCursor;
      }
    },
  };
}
