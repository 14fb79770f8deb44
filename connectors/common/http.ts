import pRetry from 'p-retry';
import pThrottle from 'p-throttle';
import { PlexusError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { systemClock, type Clock } from './clock';
import { parseRetryAfter } from './retry-after';

/**
 * JSON over HTTP for the REST-style vendors (Business Central, QuickBooks). Every call goes
 * through one client-side request budget (the vendor's published limit, so a sustained backfill
 * never trips it), and a 429, 5xx or network failure is retried: after the server's Retry-After
 * when it gives one, else with exponential backoff and jitter. Other 4xx fail at once, with the
 * vendor's error body kept on the error.
 */

export interface HttpApiErrorDetails {
  code: string;
  status?: number;
  retriable: boolean;
  retryAfterMs?: number;
  body?: unknown;
  cause?: unknown;
}

export class HttpApiError extends PlexusError {
  constructor(
    message: string,
    readonly details: HttpApiErrorDetails,
  ) {
    super(message, { code: details.code, retriable: details.retriable, cause: details.cause });
  }
  get status() {
    return this.details.status;
  }
  get body() {
    return this.details.body;
  }
}

export interface RequestBudget {
  /** At most `limit` requests in any window of `intervalMs`. */
  limit: number;
  intervalMs: number;
}

export interface HttpClientOptions {
  /** Names the vendor in errors and logs, e.g. `Business Central`. */
  vendor: string;
  logger: Logger;
  budget: RequestBudget;
  /** Headers for each attempt, e.g. a bearer token that may have been refreshed meanwhile. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Called once on a 401 before the single re-try (refresh a token); false means give up. */
  onUnauthorized?: () => Promise<boolean>;
  retries?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  clock?: Clock;
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

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { vendor, logger } = options;
  const clock = options.clock ?? systemClock;
  const stats: HttpClientStats = { requests: 0, retries: 0, rateLimited: 0 };
  // strict: the limit holds over every sliding window, not only aligned ones.
  const throttled = pThrottle({
    limit: options.budget.limit,
    interval: options.budget.intervalMs,
    strict: true,
  })((input: string, init: RequestInit) => fetch(input, init));

  async function attempt<T>(request: HttpRequest, reauthorized: boolean): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(await options.headers?.()),
      ...request.headers,
    };
    if (request.body !== undefined) headers['content-type'] ??= 'application/json';
    let response: Response;
    stats.requests += 1;
    try {
      response = await throttled(request.url, {
        method: request.method ?? 'GET',
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (cause) {
      throw new HttpApiError(`${vendor} unreachable`, {
        code: 'NETWORK',
        retriable: !request.signal?.aborted,
        cause,
      });
    }
    if (response.ok) {
      return (await readBody(response)) as T;
    }
    const body = await readBody(response);
    if (response.status === 401 && !reauthorized && options.onUnauthorized) {
      if (await options.onUnauthorized()) return attempt<T>(request, true);
    }
    if (response.status === 429) stats.rateLimited += 1;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new HttpApiError(`${vendor} answered HTTP ${response.status}`, {
      code: `HTTP_${response.status}`,
      status: response.status,
      retriable: retriableStatus(response.status),
      body,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  return {
    stats,
    json<T>(request: HttpRequest) {
      return pRetry(() => attempt<T>(request, false), {
        retries: options.retries ?? 8,
        minTimeout: 0,
        maxTimeout: 0,
        randomize: false,
        shouldRetry: ({ error }) => error instanceof HttpApiError && error.retriable,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (!(error instanceof HttpApiError) || !error.retriable || retriesLeft === 0) return;
          stats.retries += 1;
          const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** (attemptNumber - 1));
          const delay = error.details.retryAfterMs ?? backoff * (0.5 + Math.random() / 2);
          logger.warn(
            { vendor, code: error.code, attemptNumber, delayMs: Math.round(delay) },
            'request retried',
          );
          if (delay > 0) await clock.sleep(delay);
        },
      });
    },
  };
}
