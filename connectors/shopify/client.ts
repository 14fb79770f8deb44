import { createAdminApiClient } from '@shopify/admin-api-client';
import type { Logger } from '../../lib/logger';
import type { ShopifyConfig } from './config';
import { excerpt } from '../common/answer';
import { systemClock, type Clock } from '../common/clock';
import type { CallObserver } from '../common/health';
import { isRetriable, withRetry, type CallPolicy } from '../common/retry';
import { CostBudget, type ThrottleStatus } from './cost-budget';
import { ShopifyApiError } from './errors';
import { parseRetryAfter } from '../common/retry-after';

/**
 * The connector's Admin GraphQL client: Shopify's own client for the transport, our cost budget
 * before every request, a timeout on each (the whole answer read), and common/retry.ts after:
 * THROTTLED, 429, 5xx, network, timeout, and a 200 that is not JSON (a proxy's error page, a cut
 * connection) are retried.
 */

export interface ShopifyClientStats {
  requests: number;
  throttled: number;
  retries: number;
  /** Sum of `actualQueryCost`: the points really spent, for the rate-use figure. */
  actualCost: number;
}

export interface ShopifyClient {
  /**
   * `policy.retries: 0` for a write that is not idempotent: a retry after a lost answer could
   * apply it twice, so its caller re-reads and decides again instead.
   */
  request<T>(
    document: string,
    variables?: Record<string, unknown>,
    signal?: AbortSignal,
    policy?: Pick<CallPolicy, 'retries'>,
  ): Promise<T>;
  readonly budget: CostBudget;
  readonly stats: ShopifyClientStats;
}

export interface ShopifyClientOptions extends CallPolicy {
  config: Pick<ShopifyConfig, 'shop' | 'accessToken' | 'apiVersion' | 'apiUrl'>;
  logger: Logger;
  clock?: Clock;
  /** Told each attempt's outcome: the connector's health. */
  observer?: CallObserver;
}

interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

const RETRIABLE_STATUS = (status: number) => status === 429 || status >= 500;

/**
 * Points the client at SHOPIFY_API_URL (the client always builds `https://<shop>/…`) and reads
 * the whole answer within the timeout, keeping its text in `bodies` for the error excerpt when
 * it turns out not to be JSON.
 */
export function rewritingFetch(
  apiUrl: string | undefined,
  timeoutMs: number,
  bodies?: WeakMap<Response, string>,
) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    const target = apiUrl ? url.replace(/^https:\/\/[^/]+/, apiUrl) : url;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const answer = await fetch(target, { ...init, signal });
    const text = await answer.text();
    const { status, statusText, headers } = answer;
    const copy = new Response(text || null, { status, statusText, headers });
    bodies?.set(copy, text);
    return copy;
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
  const bodies = new WeakMap<Response, string>();
  const api = createAdminApiClient({
    storeDomain: config.shop,
    apiVersion: config.apiVersion,
    accessToken: config.accessToken,
    retries: 0,
    customFetchApi: rewritingFetch(config.apiUrl, options.timeoutMs ?? 30_000, bodies),
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
    if (status >= 200 && status < 300) {
      // Not JSON (the client names the content type) or JSON cut short: a vendor fault.
      const text = errors.response ? bodies.get(errors.response) : undefined;
      throw new ShopifyApiError(`Shopify answered HTTP ${status}: ${errors.message ?? 'no JSON'}`, {
        code: 'BAD_ANSWER',
        retriable: true,
        status,
        ...(text ? { excerpt: excerpt(text) } : {}),
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
    request<T>(
      document: string,
      variables?: Record<string, unknown>,
      signal?: AbortSignal,
      policy?: Pick<CallPolicy, 'retries'>,
    ) {
      return withRetry(
        async () => {
          try {
            const data = await attempt<T>(document, variables, signal);
            options.observer?.succeeded();
            return data;
          } catch (error) {
            // THROTTLED is the budget's business, not a fault.
            const fault =
              isRetriable(error) &&
              !(error instanceof ShopifyApiError && error.code === 'THROTTLED');
            if (fault && !signal?.aborted) options.observer?.failed(error);
            throw error;
          }
        },
        {
          retries: policy?.retries ?? options.retries ?? 6,
          backoff: { initialMs: options.backoffMs ?? 500, maxMs: options.maxBackoffMs ?? 30_000 },
          clock,
          ...(signal ? { signal } : {}),
          onRetry: ({ error, attempt: n, delayMs }) => {
            stats.retries += 1;
            logger.debug(
              { code: error.code, attempt: n, delayMs: Math.round(delayMs) },
              'Shopify request retried',
            );
          },
        },
      );
    },
  };
}
