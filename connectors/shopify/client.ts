import { createAdminApiClient } from '@shopify/admin-api-client';
import pRetry from 'p-retry';
import type { Logger } from '../../lib/logger';
import type { ShopifyConfig } from './config';
import { systemClock, type Clock } from '../common/clock';
import { CostBudget, type ThrottleStatus } from './cost-budget';
import { ShopifyApiError } from './errors';
import { parseRetryAfter } from '../common/retry-after';

/**
 * The connector's Admin GraphQL client: Shopify's own client for the transport, our cost budget
 * before every request, and our retries (THROTTLED, 429, 5xx, network) with backoff after.
 */

export interface ShopifyClientStats {
  requests: number;
  throttled: number;
  retries: number;
  /** Sum of `actualQueryCost`: the points really spent, for the rate-use figure. */
  actualCost: number;
}

export interface ShopifyClient {
  request<T>(
    document: string,
    variables?: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<T>;
  readonly budget: CostBudget;
  readonly stats: ShopifyClientStats;
}

export interface ShopifyClientOptions {
  config: Pick<ShopifyConfig, 'shop' | 'accessToken' | 'apiVersion' | 'apiUrl'>;
  logger: Logger;
  clock?: Clock;
  retries?: number;
  /** First backoff step; doubled per attempt up to maxBackoffMs, with jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
}

interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

const RETRIABLE_STATUS = (status: number) => status === 429 || status >= 500;

/** Points the client at SHOPIFY_API_URL: the client always builds `https://<shop>/…`. */
export function rewritingFetch(apiUrl: string | undefined, timeoutMs: number) {
  return (url: string, init?: RequestInit): Promise<Response> => {
    const target = apiUrl ? url.replace(/^https:\/\/[^/]+/, apiUrl) : url;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(target, { ...init, signal });
  };
}

function toThrottleStatus(raw: Partial<ThrottleStatus> | undefined): ThrottleStatus | undefined {
  if (!raw) return undefined;
  const { maximumAvailable, currentlyAvailable, restoreRate } = raw;
  if (maximumAvailable === undefined || currentlyAvailable === undefined || !restoreRate) {
    return undefined;
  }
  return { maximumAvailable, currentlyAvailable, restoreRate };
}

export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const budget = new CostBudget(clock);
  const stats: ShopifyClientStats = { requests: 0, throttled: 0, retries: 0, actualCost: 0 };
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const api = createAdminApiClient({
    storeDomain: config.shop,
    apiVersion: config.apiVersion,
    accessToken: config.accessToken,
    retries: 0,
    customFetchApi: rewritingFetch(config.apiUrl, options.timeoutMs ?? 30_000),
    // Only the version notice is worth a line; the response logs would carry request headers.
    logger: (entry) => {
      if (entry.type === 'Unsupported_Api_Version') {
        logger.debug(
          { apiVersion: config.apiVersion },
          'Shopify API version outside the client list',
        );
      }
    },
  });

  async function attempt<T>(
    document: string,
    variables: Record<string, unknown> | undefined,
    signal?: AbortSignal,
  ) {
    const release = await budget.acquire(budget.estimate(document));
    stats.requests += 1;
    let response;
    try {
      response = await api.request<T>(document, { variables, signal });
    } finally {
      release();
    }
    const cost = response.extensions?.cost;
    budget.observe(document, cost?.requestedQueryCost, toThrottleStatus(cost?.throttleStatus));
    if (typeof cost?.actualQueryCost === 'number') stats.actualCost += cost.actualQueryCost;
    const errors = response.errors;
    if (!errors) {
      if (response.data === undefined) {
        throw new ShopifyApiError('Shopify returned no data', { code: 'SHOPIFY_NO_DATA' });
      }
      return response.data;
    }
    const status = errors.networkStatusCode;
    const gqlErrors = (errors.graphQLErrors ?? []) as GraphQLErrorLike[];
    if (gqlErrors.some((e) => e.extensions?.code === 'THROTTLED')) {
      stats.throttled += 1;
      throw new ShopifyApiError('Shopify THROTTLED the query', {
        code: 'THROTTLED',
        retriable: true,
        // The next attempt waits in the budget, which now knows the bucket's level.
        retryAfterMs: 0,
        status,
      });
    }
    if (gqlErrors.length) {
      const code = gqlErrors[0]?.extensions?.code ?? 'GRAPHQL_ERROR';
      throw new ShopifyApiError(
        `Shopify GraphQL error: ${gqlErrors.map((e) => e.message).join('; ')}`,
        {
          code,
          status,
        },
      );
    }
    if (status === undefined) {
      if (signal?.aborted) throw new ShopifyApiError('request aborted', { code: 'ABORTED' });
      throw new ShopifyApiError(`Shopify unreachable: ${errors.message ?? 'network error'}`, {
        code: 'NETWORK',
        retriable: true,
      });
    }
    const retryAfterMs = parseRetryAfter(errors.response?.headers.get('retry-after'));
    throw new ShopifyApiError(`Shopify answered HTTP ${status}`, {
      code: `HTTP_${status}`,
      retriable: RETRIABLE_STATUS(status),
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  return {
    budget,
    stats,
    request<T>(document: string, variables?: Record<string, unknown>, signal?: AbortSignal) {
      return pRetry(() => attempt<T>(document, variables, signal), {
        retries: options.retries ?? 6,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        shouldRetry: ({ error }) => error instanceof ShopifyApiError && error.retriable,
        // Our own delay: Retry-After when given, else exponential backoff with jitter.
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (!(error instanceof ShopifyApiError) || !error.retriable || retriesLeft === 0) return;
          stats.retries += 1;
          const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** (attemptNumber - 1));
          const delay = error.retryAfterMs ?? backoff * (0.5 + Math.random() / 2);
          logger.warn(
            { code: error.code, attemptNumber, delayMs: Math.round(delay) },
            'Shopify request retried',
          );
          if (delay > 0) await clock.sleep(delay);
        },
      });
    },
  };
}
