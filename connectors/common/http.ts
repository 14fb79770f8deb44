import type { Logger } from '../../lib/logger';
import { HttpApiError, parseErrorBody, parseJsonAnswer } from './answer';
import { createBudget, type RequestBudget } from './budget';
import type { Clock } from './clock';
import type { CallObserver } from './health';
import { parseRetryAfter } from './retry-after';
import { isRetriable, withRetry, type Backoff, type CallPolicy } from './retry';

export { HttpApiError, type HttpApiErrorDetails } from './answer';
export type { RequestBudget } from './budget';

/**
 * JSON over HTTP for the REST-style vendors (Business Central, QuickBooks). Every call goes
 * through one request budget (the vendor's published limit, so a sustained backfill never trips
 * it) and has a timeout; a 429, 5xx, timeout, network failure or a 200 that is not JSON is
 * retried (common/retry.ts). Other 4xx fail at once, with the vendor's error body kept.
 */

export interface HttpClientOptions extends CallPolicy {
  /** Names the vendor in errors and logs, e.g. `Business Central`. */
  vendor: string;
  logger: Logger;
  budget: RequestBudget;
  /** Headers for each attempt, e.g. a bearer token that may have been refreshed meanwhile. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Called once on a 401 before the single re-try (refresh a token); false means give up. */
  onUnauthorized?: () => Promise<boolean>;
  clock?: Clock;
  /** Told each attempt's outcome: the connector's health. */
  observer?: CallObserver;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface HttpClientStats {
  requests: number;
  retries: number;
  /** Responses with status 429: the budget should keep this at zero. */
  rateLimited: number;
}

export interface HttpClient {
  json<T>(request: HttpRequest): Promise<T>;
  readonly stats: HttpClientStats;
}

const retriableStatus = (status: number) => status === 429 || status === 408 || status >= 500;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { vendor, logger } = options;
  const stats: HttpClientStats = { requests: 0, retries: 0, rateLimited: 0 };
  const budgeted = createBudget(options.budget);
  const timeoutMs = options.timeoutMs ?? 30_000;

  /** One exchange: the answer's status, headers and whole body, within the timeout. */
  async function exchange(request: HttpRequest, headers: Record<string, string>) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    stats.requests += 1;
    try {
      return await budgeted(async () => {
        const response = await fetch(request.url, {
          method: request.method ?? 'GET',
          headers,
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          signal,
        });
        return { response, text: await response.text() };
      });
    } catch (cause) {
      const timedOut = timeout.aborted && !request.signal?.aborted;
      throw new HttpApiError(
        timedOut ? `${vendor} did not answer within ${timeoutMs} ms` : `${vendor} unreachable`,
        {
          code: timedOut ? 'TIMEOUT' : 'NETWORK',
          retriable: !request.signal?.aborted,
          cause,
        },
      );
    }
  }

  async function attempt<T>(request: HttpRequest, reauthorized: boolean): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(await options.headers?.()),
      ...request.headers,
    };
    if (request.body !== undefined) headers['content-type'] ??= 'application/json';
    const { response, text } = await exchange(request, headers);
    if (response.ok) return parseJsonAnswer(vendor, response.status, text) as T;
    if (response.status === 401 && !reauthorized && options.onUnauthorized) {
      if (await options.onUnauthorized()) return attempt<T>(request, true);
    }
    if (response.status === 429) stats.rateLimited += 1;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new HttpApiError(`${vendor} answered HTTP ${response.status}`, {
      code: `HTTP_${response.status}`,
      status: response.status,
      retriable: retriableStatus(response.status),
      body: parseErrorBody(text),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  const backoff: Partial<Backoff> = {
    initialMs: options.backoffMs ?? 250,
    maxMs: options.maxBackoffMs ?? 30_000,
  };
  return {
    stats,
    json<T>(request: HttpRequest) {
      return withRetry(
        async () => {
          try {
            const answer = await attempt<T>(request, false);
            options.observer?.succeeded();
            return answer;
          } catch (error) {
            // Vendor faults only: a 404 or a 400 is an answer the caller handles or reports.
            if (isRetriable(error) && !request.signal?.aborted) options.observer?.failed(error);
            throw error;
          }
        },
        {
          retries: options.retries ?? 6,
          backoff,
          ...(options.clock ? { clock: options.clock } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
          onRetry: ({ error, attempt: n, delayMs }) => {
            stats.retries += 1;
            logger.debug(
              { vendor, code: error.code, attempt: n, delayMs: Math.round(delayMs) },
              'request retried',
            );
          },
        },
      );
    },
  };
}
